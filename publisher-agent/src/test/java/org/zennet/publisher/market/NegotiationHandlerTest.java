package org.zennet.publisher.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.AgreementSigning;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.Agreement;
import org.zennet.protocol.wire.messages.AgreementTerms;
import org.zennet.protocol.wire.messages.Bid;
import org.zennet.protocol.wire.messages.ManifestRequest;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.protocol.wire.messages.RejectReason;

/** The publisher's negotiation over real loopback hosts: the happy path and every way a provider can get it wrong. */
class NegotiationHandlerTest {
  private static final BigInteger JOB = BigInteger.valueOf(7);
  private static final BigInteger MAX = BigInteger.valueOf(1000);
  private static final BigInteger TARGET = BigInteger.valueOf(800);
  private static final byte[] MANIFEST = "{\"a\":1}".getBytes();

  private Vertx vertx;
  private Host publisherHost;
  private Multiaddr address;
  private BidBook book;
  private final List<NegotiationHandler.Signed> agreed = new CopyOnWriteArrayList<>();
  private final Credentials publisher = credentials();
  private final Set<String> banned = new java.util.concurrent.CopyOnWriteArraySet<>();

  private static Credentials credentials() {
    try {
      return Credentials.create(Keys.createEcKeyPair());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    publisherHost = Host.create(vertx, HostKey.fromCredentials(publisher), HostConfig.DEFAULT);
    book = new BidBook(2, p -> 0);
    book.closeWindow();
    JobOffer offer = new JobOffer(31337, "0x" + "22".repeat(20), JOB, publisher.getAddress().toLowerCase(),
        publisher.getEcKeyPair(), MANIFEST, JobManifest.sha256(MANIFEST), MAX, TARGET, 5, BigInteger.valueOf(10_000), 8,
        Duration.ofMinutes(30));
    NegotiationHandler handler = new NegotiationHandler(offer, book, banned::contains, p -> true, agreed::add,
        Clock.systemUTC());
    publisherHost.handleMessages("/zennet/negotiate/1.0.0", NegotiateMessage.parser(), handler::handle);
    address = await(publisherHost.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
  }

  @AfterEach
  void stop() {
    vertx.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A provider's end of a negotiation. */
  private final class Provider {
    final Credentials key = credentials();
    final Host host = Host.create(vertx, HostKey.fromCredentials(key), HostConfig.DEFAULT);
    final MessageStream<NegotiateMessage, NegotiateMessage> stream;

    Provider() throws Exception {
      stream = await(host.<NegotiateMessage, NegotiateMessage>openMessageStream(address, "/zennet/negotiate/1.0.0",
          NegotiateMessage.parser()));
    }

    String account() {
      return key.getAddress().toLowerCase();
    }

    NegotiateMessage say(NegotiateMessage m) throws Exception {
      await(stream.write(m));
      return await(stream.next());
    }

    NegotiateMessage manifest() throws Exception {
      return say(NegotiateMessage.newBuilder().setManifestRequest(ManifestRequest.newBuilder()
          .setJobId(WireValues.uint256(JOB))).build());
    }

    NegotiateMessage bid(BigInteger price, String asAccount) throws Exception {
      return say(NegotiateMessage.newBuilder().setBid(Bid.newBuilder().setJobId(WireValues.uint256(JOB))
          .setProvider(WireValues.address(asAccount)).setPricePerMegaFuel(WireValues.uint256(price)).setSlots(4)
          .setMeasuredFuelPerSecond(100)).build());
    }
  }

  private static NegotiateMessage bidWith(ByteString price) {
    return NegotiateMessage.newBuilder().setBid(Bid.newBuilder().setJobId(WireValues.uint256(JOB))
        .setProvider(ByteString.copyFrom(new byte[20])).setPricePerMegaFuel(price).setSlots(1)).build();
  }

  @Test
  void aBidAtTheTargetIsAcceptedWithTermsBothSidesSign() throws Exception {
    Provider p = new Provider();
    NegotiateMessage manifest = p.manifest();
    assertThat(manifest.getManifest().getManifest().toByteArray()).isEqualTo(MANIFEST);
    assertThat(manifest.getManifest().getManifestSha256().toByteArray()).isEqualTo(JobManifest.sha256(MANIFEST));

    NegotiateMessage accept = p.bid(TARGET, p.account());
    assertThat(accept.hasAccept()).as(accept.toString()).isTrue();
    byte[] terms = accept.getAccept().getTerms().toByteArray();
    assertThat(AgreementSigning.isSignedBy(terms, accept.getAccept().getSignature().toByteArray(), publisher.getAddress()))
        .isTrue();
    AgreementTerms t = AgreementTerms.parseFrom(terms);
    assertThat(WireValues.uint256(t.getPricePerMegaFuel(), "p")).isEqualTo(TARGET);
    assertThat(t.getSlots()).isEqualTo(4);
    assertThat(t.getPaymentIncrementMegaFuel()).isEqualTo(5);
    assertThat(WireValues.address(t.getProvider(), "p")).isEqualTo(p.account());
    assertThat(t.getExpiresAt()).isGreaterThan(System.currentTimeMillis() / 1000);

    await(p.stream.write(NegotiateMessage.newBuilder().setAgreement(Agreement.newBuilder()
        .setTerms(accept.getAccept().getTerms()).setPublisherSignature(accept.getAccept().getSignature())
        .setProviderSignature(ByteString.copyFrom(AgreementSigning.sign(terms, p.key.getEcKeyPair())))).build()));
    long until = System.currentTimeMillis() + 5000;
    while (agreed.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    assertThat(agreed).singleElement().satisfies(a -> {
      assertThat(a.provider()).isEqualTo(p.account());
      assertThat(a.terms()).isEqualTo(terms);
    });
  }

  @Test
  void aBidAboveTheTargetIsCounteredAndAfterFourRoundsRejected() throws Exception {
    Provider p = new Provider();
    p.manifest();
    for (int round = 1; round <= JobOffer.MAX_ROUNDS; round++) {
      NegotiateMessage counter = p.bid(MAX.add(BigInteger.ONE), p.account());
      assertThat(counter.getCounterOffer().getRound()).isEqualTo(round);
      assertThat(WireValues.uint256(counter.getCounterOffer().getPricePerMegaFuel(), "p")).isEqualTo(TARGET);
    }
    assertThat(p.bid(MAX.add(BigInteger.ONE), p.account()).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_TOO_MANY_ROUNDS);
  }

  @Test
  void badBidsAreRejectedWithTheirReason() throws Exception {
    Provider impostor = new Provider();
    impostor.manifest();
    assertThat(impostor.bid(TARGET, "0x" + "33".repeat(20)).getReject().getReason())
        .as("a bid for another account than the peer's key").isEqualTo(RejectReason.REJECT_REASON_INVALID);

    Provider shortPrice = new Provider();
    shortPrice.manifest();
    assertThat(shortPrice.say(bidWith(ByteString.copyFrom(new byte[31]))).getReject().getDetail())
        .contains("32-byte uint256");

    Provider wrongJob = new Provider();
    assertThat(wrongJob.say(NegotiateMessage.newBuilder().setManifestRequest(ManifestRequest.newBuilder()
        .setJobId(WireValues.uint256(BigInteger.TEN))).build()).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_UNKNOWN_JOB);

    Provider skipping = new Provider();
    assertThat(skipping.bid(TARGET, skipping.account()).getReject().getReason())
        .as("a bid before the manifest request").isEqualTo(RejectReason.REJECT_REASON_INVALID);

    Provider bannedOne = new Provider();
    banned.add(bannedOne.account());
    bannedOne.manifest();
    assertThat(bannedOne.bid(TARGET, bannedOne.account()).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_POLICY);
    assertThat(book.accepted()).isZero();
  }

  @Test
  void aTamperedAgreementIsRefusedAndFreesItsPlace() throws Exception {
    Provider p = new Provider();
    p.manifest();
    NegotiateMessage accept = p.bid(TARGET, p.account());
    byte[] tampered = AgreementTerms.parseFrom(accept.getAccept().getTerms()).toBuilder()
        .setPricePerMegaFuel(WireValues.uint256(MAX)).build().toByteArray();
    NegotiateMessage answer = p.say(NegotiateMessage.newBuilder().setAgreement(Agreement.newBuilder()
        .setTerms(ByteString.copyFrom(tampered)).setPublisherSignature(accept.getAccept().getSignature())
        .setProviderSignature(ByteString.copyFrom(AgreementSigning.sign(tampered, p.key.getEcKeyPair())))).build());
    assertThat(answer.getReject().getReason()).isEqualTo(RejectReason.REJECT_REASON_INVALID);
    assertThat(agreed).isEmpty();
    assertThat(book.accepted()).isZero();
  }

  @Test
  void garbageResetsTheStreamAndTheHostServesTheNextProvider() throws Exception {
    Provider noisy = new Provider();
    byte[] junk = new byte[64];
    new SecureRandom().nextBytes(junk);
    junk[0] = (byte) 0xff; // a varint length far beyond the limit
    junk[1] = (byte) 0xff;
    junk[2] = (byte) 0xff;
    junk[3] = (byte) 0x7f;
    await(noisy.stream.stream().write(Buffer.buffer(junk)));
    assertThat(noisy.stream.next().toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10));

    Provider next = new Provider();
    assertThat(next.manifest().hasManifest()).isTrue();
  }
}
