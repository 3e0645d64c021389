package org.zennet.provider.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.contracts.market.JobEvent;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.AgreementSigning;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.Accept;
import org.zennet.protocol.wire.messages.AgreementTerms;
import org.zennet.protocol.wire.messages.CounterOffer;
import org.zennet.protocol.wire.messages.Manifest;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.protocol.wire.messages.RejectReason;

/**
 * The provider's negotiation against a scripted publisher over real loopback hosts: agreement at the posted
 * maximum, counter-offers answered by the strategy and never below the floor, and every way a publisher can get it
 * wrong — wrong key, manifest hash, malformed manifest, tampered terms, garbage, silence — refused.
 */
class NegotiatorTest {
  private static final BigInteger JOB = BigInteger.valueOf(9);
  private static final BigInteger MAX = BigInteger.valueOf(5000);
  private static final BigInteger FLOOR = BigInteger.valueOf(1000);
  private static final String MARKET = "0x" + "33".repeat(20);
  private static final long CHAIN = 31337;

  private Vertx vertx;
  private Host publisherHost;
  private Host providerHost;
  private Multiaddr endpoint;
  private final Credentials publisher = key();
  private final Credentials provider = key();
  private byte[] manifest;
  /** What the publisher receives from the provider, in order. */
  private final List<NegotiateMessage> received = new CopyOnWriteArrayList<>();
  private volatile Script script;
  /** Completes when the publisher's script has read the provider's last message. */
  private volatile io.vertx.core.Promise<Void> served = io.vertx.core.Promise.promise();

  @FunctionalInterface
  interface Script {
    Future<Void> run(MessageStream<NegotiateMessage, NegotiateMessage> s);
  }

  private static Credentials key() {
    try {
      return Credentials.create(Keys.createEcKeyPair());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    manifest = JobManifest.of("job", "ab".repeat(32), 100, 4, 1_000_000, 16, 5000, 1000, MAX, 10, 0).toJson();
    publisherHost = Host.create(vertx, HostKey.fromCredentials(publisher), HostConfig.DEFAULT);
    publisherHost.handleMessages(Negotiator.PROTOCOL, NegotiateMessage.parser(),
        (MessageStream<NegotiateMessage, NegotiateMessage> s) -> script.run(s).onComplete(ar -> {
          served.tryComplete();
          if (ar.failed()) {
            s.stream().reset();
          }
        }));
    endpoint = await(publisherHost.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
    providerHost = Host.create(vertx, HostKey.fromCredentials(provider), HostConfig.DEFAULT);
  }

  @AfterEach
  void stop() {
    vertx.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private Negotiator negotiator(CounterStrategy strategy, Duration timeout) {
    JobPolicy policy = new JobPolicy(JobPolicyTest.config(List.of(), List.of(), null), Set::of);
    return new Negotiator(vertx, providerHost, provider, new Negotiator.Offer(CHAIN, MARKET, FLOOR, 2, 4_000_000),
        strategy, policy, timeout, Clock.systemUTC());
  }

  private JobEvent.Posted event(byte[] hash, String publisherAccount) {
    return new JobEvent.Posted(JOB, publisherAccount, hash, MAX, BigInteger.TEN, Long.MAX_VALUE, endpoint.toString());
  }

  private JobEvent.Posted event() {
    return event(JobManifest.sha256(manifest), publisher.getAddress().toLowerCase());
  }

  private Agreement negotiate(JobEvent.Posted e) throws Exception {
    served = io.vertx.core.Promise.promise();
    Agreement a = await(negotiator(CounterStrategy.floor(), Duration.ofSeconds(5)).negotiate(e));
    await(served.future());
    return a;
  }

  private String failure(JobEvent.Posted e, Duration timeout) {
    served = io.vertx.core.Promise.promise();
    try {
      await(negotiator(CounterStrategy.floor(), timeout).negotiate(e));
      throw new AssertionError("the negotiation should have failed");
    } catch (ExecutionException ex) {
      assertThat(ex.getCause()).isInstanceOf(NegotiationException.class);
      try {
        served.future().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (Exception notServed) {
        // the publisher's side was not scripted (garbage, silence, no dial)
      }
      return ex.getCause().getMessage();
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  private Future<NegotiateMessage> next(MessageStream<NegotiateMessage, NegotiateMessage> s) {
    return s.next().map(m -> {
      received.add(m);
      return m;
    });
  }

  private Future<NegotiateMessage> serveManifest(MessageStream<NegotiateMessage, NegotiateMessage> s, byte[] doc) {
    return next(s).compose(m -> s.write(NegotiateMessage.newBuilder().setManifest(Manifest.newBuilder()
        .setJobId(WireValues.uint256(JOB)).setManifestSha256(ByteString.copyFrom(JobManifest.sha256(doc)))
        .setManifest(ByteString.copyFrom(doc))).build())).compose(v -> next(s));
  }

  private AgreementTerms.Builder terms(BigInteger price, int slots) {
    return AgreementTerms.newBuilder().setChainId(CHAIN).setJobMarket(WireValues.address(MARKET))
        .setJobId(WireValues.uint256(JOB)).setManifestSha256(ByteString.copyFrom(JobManifest.sha256(manifest)))
        .setPublisher(WireValues.address(publisher.getAddress())).setProvider(WireValues.address(provider.getAddress()))
        .setPricePerMegaFuel(WireValues.uint256(price)).setSlots(slots).setPaymentIncrementMegaFuel(10)
        .setExpiresAt(System.currentTimeMillis() / 1000 + 600).setChannelDeposit(WireValues.uint256(BigInteger.valueOf(77)));
  }

  /** Accepts whatever the provider last bid, with terms changed by {@code tamper}; then reads the Agreement. */
  private Future<Void> accept(MessageStream<NegotiateMessage, NegotiateMessage> s, NegotiateMessage bid,
      UnaryOperator<AgreementTerms.Builder> tamper) {
    try {
      byte[] t = tamper.apply(terms(WireValues.uint256(bid.getBid().getPricePerMegaFuel(), "price"),
          bid.getBid().getSlots())).build().toByteArray();
      return s.write(NegotiateMessage.newBuilder().setAccept(Accept.newBuilder().setTerms(ByteString.copyFrom(t))
              .setSignature(ByteString.copyFrom(AgreementSigning.sign(t, publisher.getEcKeyPair())))).build())
          .compose(v -> next(s)).mapEmpty();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  @Test
  void agreesAtThePostedMaximumAndSignsTheExactTerms() throws Exception {
    script = s -> serveManifest(s, manifest).compose(bid -> accept(s, bid, t -> t));
    Agreement a = negotiate(event());
    assertThat(a.price()).isEqualTo(MAX);
    assertThat(a.slots()).isEqualTo(2);
    assertThat(a.deposit()).isEqualTo(77);
    assertThat(AgreementSigning.isSignedBy(a.terms(), a.providerSignature(), provider.getAddress())).isTrue();
    NegotiateMessage bid = received.get(1);
    assertThat(bid.getBid().getMeasuredFuelPerSecond()).isEqualTo(4_000_000);
    assertThat(WireValues.address(bid.getBid().getProvider(), "provider")).isEqualTo(provider.getAddress().toLowerCase());
    NegotiateMessage agreement = received.get(2);
    assertThat(agreement.getAgreement().getTerms().toByteArray()).isEqualTo(a.terms());
  }

  @Test
  void acceptsACounterOfferAtOrAboveTheFloor() throws Exception {
    script = s -> serveManifest(s, manifest)
        .compose(bid -> s.write(NegotiateMessage.newBuilder().setCounterOffer(CounterOffer.newBuilder()
            .setJobId(WireValues.uint256(JOB)).setPricePerMegaFuel(WireValues.uint256(FLOOR)).setSlots(1).setRound(1))
            .build()))
        .compose(v -> next(s))
        .compose(bid -> accept(s, bid, t -> t));
    Agreement a = negotiate(event());
    assertThat(a.price()).isEqualTo(FLOOR);
    assertThat(a.slots()).isEqualTo(1);
  }

  @Test
  void neverGoesBelowTheFloor() throws Exception {
    script = s -> serveManifest(s, manifest)
        .compose(bid -> s.write(NegotiateMessage.newBuilder().setCounterOffer(CounterOffer.newBuilder()
            .setJobId(WireValues.uint256(JOB)).setPricePerMegaFuel(WireValues.uint256(FLOOR.subtract(BigInteger.ONE)))
            .setSlots(2).setRound(1)).build()))
        .compose(v -> next(s)).mapEmpty();
    assertThat(failure(event(), Duration.ofSeconds(5))).contains("REJECT_REASON_PRICE");
    assertThat(received.get(received.size() - 1).getReject().getReason()).isEqualTo(RejectReason.REJECT_REASON_PRICE);
  }

  @Test
  void aStrategyThatBidsBelowTheFloorIsOverruled() throws Exception {
    script = s -> serveManifest(s, manifest).compose(bid -> accept(s, bid, t -> t));
    CounterStrategy greedy = new CounterStrategy() {
      @Override
      public java.util.Optional<BigInteger> firstBid(BigInteger max, BigInteger floor) {
        return java.util.Optional.of(BigInteger.ONE);
      }

      @Override
      public java.util.Optional<BigInteger> answer(BigInteger offered, BigInteger last, BigInteger floor, int round) {
        return java.util.Optional.of(BigInteger.ONE);
      }
    };
    try {
      await(negotiator(greedy, Duration.ofSeconds(5)).negotiate(event()));
      throw new AssertionError("a bid below the floor must not go out");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).hasMessageContaining("does not bid");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void refusesAnEndpointWhoseKeyIsNotTheJobsPublisher() {
    script = s -> serveManifest(s, manifest).compose(bid -> accept(s, bid, t -> t));
    assertThat(failure(event(JobManifest.sha256(manifest), "0x" + "44".repeat(20)), Duration.ofSeconds(5)))
        .contains("not the job's publisher");
    assertThat(received).as("nothing was said to an impostor").isEmpty();
  }

  @Test
  void refusesAManifestWhoseHashIsNotThePostedOne() {
    byte[] other = manifest.clone();
    other[other.length - 2] ^= 1;
    script = s -> serveManifest(s, other).mapEmpty();
    assertThat(failure(event(), Duration.ofSeconds(5))).contains("not the hash posted on chain");
  }

  @Test
  void refusesAMalformedManifestEvenWithTheRightHash() {
    byte[] garbage = "{\"format\": 42".getBytes();
    script = s -> serveManifest(s, garbage).mapEmpty();
    assertThat(failure(event(JobManifest.sha256(garbage), publisher.getAddress().toLowerCase()), Duration.ofSeconds(5)))
        .contains("malformed manifest");
  }

  @Test
  void refusesTermsThatAreNotWhatItBid() {
    for (UnaryOperator<AgreementTerms.Builder> tamper : List.<UnaryOperator<AgreementTerms.Builder>>of(
        t -> t.setPricePerMegaFuel(WireValues.uint256(FLOOR)),
        t -> t.setChainId(1),
        t -> t.setSlots(3),
        t -> t.setProvider(WireValues.address("0x" + "55".repeat(20))),
        t -> t.setPaymentIncrementMegaFuel(11),
        t -> t.setExpiresAt(1),
        t -> t.setChannelDeposit(ByteString.copyFrom(new byte[3])))) {
      received.clear();
      script = s -> serveManifest(s, manifest).compose(bid -> accept(s, bid, tamper));
      assertThat(failure(event(), Duration.ofSeconds(5))).contains("REJECT_REASON_INVALID");
      assertThat(received.get(received.size() - 1).hasReject()).isTrue();
    }
  }

  @Test
  void refusesTermsSignedByAnotherKey() {
    script = s -> serveManifest(s, manifest).compose(bid -> {
      byte[] t = terms(MAX, 2).build().toByteArray();
      return s.write(NegotiateMessage.newBuilder().setAccept(Accept.newBuilder().setTerms(ByteString.copyFrom(t))
          .setSignature(ByteString.copyFrom(AgreementSigning.sign(t, key().getEcKeyPair())))).build())
          .compose(v -> next(s)).mapEmpty();
    });
    assertThat(failure(event(), Duration.ofSeconds(5))).contains("not signed by the publisher");
  }

  @Test
  void garbageOrSilenceEndsTheNegotiationAndTheNextOneStillWorks() throws Exception {
    publisherHost.handle(Negotiator.PROTOCOL, stream -> stream.write(Buffer.buffer(new byte[] {5, 1, 2, 3, 4, 5, 6, 7})));
    assertThat(failure(event(), Duration.ofSeconds(5))).isNotEmpty();
    publisherHost.handle(Negotiator.PROTOCOL, stream -> {
      byte[] huge = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f};
      stream.write(Buffer.buffer(huge));
    });
    assertThat(failure(event(), Duration.ofSeconds(5))).as("a length prefix above the limit").isNotEmpty();
    publisherHost.handle(Negotiator.PROTOCOL, stream -> stream.handler(b -> { }));
    assertThat(failure(event(), Duration.ofMillis(500))).contains("no agreement within 500 ms");
    publisherHost.handleMessages(Negotiator.PROTOCOL, NegotiateMessage.parser(),
        (MessageStream<NegotiateMessage, NegotiateMessage> s) -> script.run(s).onComplete(ar -> served.tryComplete()));
    script = s -> serveManifest(s, manifest).compose(bid -> accept(s, bid, t -> t));
    assertThat(negotiate(event()).price()).isEqualTo(MAX);
  }
}
