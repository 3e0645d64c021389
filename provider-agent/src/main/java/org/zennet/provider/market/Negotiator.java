package org.zennet.provider.market;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.market.JobEvent;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.manifest.InvalidManifestException;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.AgreementSigning;
import org.zennet.protocol.wire.MalformedMessageException;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.AgreementTerms;
import org.zennet.protocol.wire.messages.Bid;
import org.zennet.protocol.wire.messages.CounterOffer;
import org.zennet.protocol.wire.messages.ManifestRequest;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.protocol.wire.messages.Reject;
import org.zennet.protocol.wire.messages.RejectReason;

/**
 * The provider's side of {@code /zennet/negotiate/1.0.0} (docs/protocol.md, "Negotiation"): dials the posted
 * endpoint, whose PeerId must be the job's publisher; fetches the manifest and checks it against the posted hash
 * and the provider's caps; bids; answers counter-offers by its {@link CounterStrategy}, never below the floor; and
 * signs the publisher's terms only when every field is what it expects. Whatever the publisher sends that breaks
 * the protocol ends the negotiation with {@code Reject}, and the whole of it has a deadline.
 */
public final class Negotiator {
  private static final Logger LOG = LoggerFactory.getLogger(Negotiator.class);
  public static final String PROTOCOL = "/zennet/negotiate/1.0.0";
  /** Counter-offers answered before {@code TOO_MANY_ROUNDS}. */
  public static final int MAX_ROUNDS = 4;
  /** How far ahead an agreement may expire (the publisher's rule is at most one hour) plus clock skew. */
  static final Duration MAX_EXPIRY = Duration.ofMinutes(65);

  /**
   * What the provider offers.
   *
   * @param chainId the chain the agreement must name
   * @param jobMarket the JobMarket contract it must name, 0x-hex lower case
   * @param floor the least price accepted
   * @param slots tasks at once offered
   * @param fuelPerSecond all slots' fuel per second, as bid
   */
  public record Offer(long chainId, String jobMarket, BigInteger floor, int slots, long fuelPerSecond) {}

  private final Vertx vertx;
  private final Host host;
  private final Credentials key;
  private final String account;
  private final Offer offer;
  private final CounterStrategy strategy;
  private final JobPolicy policy;
  private final Duration timeout;
  private final Clock clock;

  public Negotiator(Vertx vertx, Host host, Credentials key, Offer offer, CounterStrategy strategy, JobPolicy policy,
      Duration timeout, Clock clock) {
    this.vertx = vertx;
    this.host = host;
    this.key = key;
    this.account = key.getAddress().toLowerCase(java.util.Locale.ROOT);
    this.offer = offer;
    this.strategy = strategy;
    this.policy = policy;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Where one negotiation is. */
  private static final class Round {
    MessageStream<NegotiateMessage, NegotiateMessage> stream;
    byte[] manifestBytes;
    JobManifest manifest;
    BigInteger lastBid;
    int lastSlots;
    int rounds;
  }

  /**
   * Negotiates the job of {@code event}.
   *
   * @return the signed agreement; fails with {@link NegotiationException} saying why there is none
   */
  public Future<Agreement> negotiate(JobEvent.Posted event) {
    Multiaddr endpoint;
    PeerId peer;
    try {
      endpoint = Multiaddr.parse(event.endpoint());
      peer = endpoint.peerId().orElseThrow(() -> new NegotiationException("the endpoint " + event.endpoint()
          + " names no /p2p peer id"));
      String peerAccount = peer.ethereumAddress().orElse(null);
      if (!event.publisher().equals(peerAccount)) {
        throw new NegotiationException("the endpoint's peer " + peer + " is account " + peerAccount
            + ", not the job's publisher " + event.publisher());
      }
    } catch (Exception e) {
      return Future.failedFuture(e instanceof NegotiationException ? e
          : new NegotiationException("the endpoint " + event.endpoint() + " is not a multiaddr: " + e.getMessage()));
    }
    Optional<BigInteger> first = strategy.firstBid(event.maxPricePerMegaFuel(), offer.floor());
    if (first.isEmpty() || first.get().compareTo(offer.floor()) < 0) {
      return Future.failedFuture(new NegotiationException("the strategy does not bid on this job"));
    }
    Promise<Agreement> result = Promise.promise();
    Round round = new Round();
    long timer = vertx.setTimer(timeout.toMillis(), id -> {
      if (result.tryFail(new NegotiationException("no agreement within " + timeout.toMillis() + " ms"))
          && round.stream != null) {
        round.stream.stream().reset();
      }
    });
    host.<NegotiateMessage, NegotiateMessage>openMessageStream(endpoint, PROTOCOL, NegotiateMessage.parser())
        .compose(s -> {
          round.stream = s;
          if (!peer.equals(s.stream().remotePeerId())) {
            return Future.failedFuture(new NegotiationException("connected to " + s.stream().remotePeerId()
                + ", not the endpoint's peer " + peer));
          }
          return s.write(NegotiateMessage.newBuilder().setManifestRequest(ManifestRequest.newBuilder()
                  .setJobId(WireValues.uint256(event.jobId()))).build())
              .compose(v -> s.next())
              .compose(m -> manifest(round, event, m))
              .compose(v -> bid(round, event, first.get(), offer.slots()));
        })
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            result.tryComplete(ar.result());
          } else {
            if (round.stream != null) {
              round.stream.stream().reset();
            }
            Throwable cause = ar.cause();
            result.tryFail(cause instanceof NegotiationException ? cause
                : new NegotiationException("the negotiation failed: " + cause.getMessage()));
          }
        });
    return result.future();
  }

  private Future<Void> manifest(Round round, JobEvent.Posted event, NegotiateMessage m) {
    if (m.hasReject()) {
      return rejected(m.getReject());
    }
    if (!m.hasManifest()) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, "expected Manifest, got " + m.getBodyCase());
    }
    byte[] bytes = m.getManifest().getManifest().toByteArray();
    if (!m.getManifest().getJobId().equals(WireValues.uint256(event.jobId()))) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, "the manifest names another job");
    }
    if (!Arrays.equals(JobManifest.sha256(bytes), event.manifestHash())) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID,
          "the manifest's SHA-256 is not the hash posted on chain");
    }
    JobManifest manifest;
    try {
      manifest = JobManifest.parse(bytes);
    } catch (InvalidManifestException e) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, "malformed manifest: " + e.getMessage());
    }
    Optional<String> why = policy.refuse(manifest, event.maxPricePerMegaFuel());
    if (why.isPresent()) {
      return refuse(round, RejectReason.REJECT_REASON_POLICY, why.get());
    }
    round.manifestBytes = bytes;
    round.manifest = manifest;
    return Future.succeededFuture();
  }

  private Future<Agreement> bid(Round round, JobEvent.Posted event, BigInteger price, int slots) {
    round.lastBid = price;
    round.lastSlots = slots;
    MessageStream<NegotiateMessage, NegotiateMessage> s = round.stream;
    return s.write(NegotiateMessage.newBuilder().setBid(Bid.newBuilder()
            .setJobId(WireValues.uint256(event.jobId())).setProvider(WireValues.address(account))
            .setPricePerMegaFuel(WireValues.uint256(price)).setSlots(slots)
            .setMeasuredFuelPerSecond(offer.fuelPerSecond())).build())
        .compose(v -> s.next())
        .compose(m -> {
          if (m.hasReject()) {
            return rejected(m.getReject());
          }
          if (m.hasCounterOffer()) {
            return counter(round, event, m.getCounterOffer());
          }
          if (m.hasAccept()) {
            return accept(round, event, m.getAccept().getTerms().toByteArray(), m.getAccept().getSignature().toByteArray());
          }
          return refuse(round, RejectReason.REJECT_REASON_INVALID, "expected CounterOffer, Accept or Reject, got "
              + m.getBodyCase());
        });
  }

  private Future<Agreement> counter(Round round, JobEvent.Posted event, CounterOffer c) {
    round.rounds++;
    BigInteger offered;
    try {
      offered = WireValues.uint256(c.getPricePerMegaFuel(), "price_per_mega_fuel");
    } catch (MalformedMessageException e) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, e.getMessage());
    }
    if (!c.getJobId().equals(WireValues.uint256(event.jobId())) || c.getRound() != round.rounds) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, "the counter-offer names another job or round "
          + c.getRound() + " (expected " + round.rounds + ")");
    }
    if (c.getSlots() < 1 || c.getSlots() > round.lastSlots) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, "a counter-offer may ask for 1.." + round.lastSlots
          + " slots, not " + c.getSlots());
    }
    if (round.rounds > MAX_ROUNDS) {
      return refuse(round, RejectReason.REJECT_REASON_TOO_MANY_ROUNDS, "at most " + MAX_ROUNDS + " counter-offers");
    }
    Optional<BigInteger> answer = strategy.answer(offered, round.lastBid, offer.floor(), round.rounds);
    if (answer.isEmpty() || answer.get().compareTo(offer.floor()) < 0) {
      return refuse(round, RejectReason.REJECT_REASON_PRICE, "the provider's floor is " + offer.floor()
          + " wei per million fuel");
    }
    int slots = answer.get().equals(offered) ? c.getSlots() : round.lastSlots;
    return bid(round, event, answer.get(), slots);
  }

  private Future<Agreement> accept(Round round, JobEvent.Posted event, byte[] terms, byte[] publisherSignature) {
    AgreementTerms t;
    try {
      t = AgreementTerms.parseFrom(terms);
    } catch (InvalidProtocolBufferException e) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, "the terms are not an AgreementTerms message");
    }
    String wrong;
    BigInteger price;
    BigInteger deposit;
    try {
      price = WireValues.uint256(t.getPricePerMegaFuel(), "price_per_mega_fuel");
      deposit = WireValues.uint256(t.getChannelDeposit(), "channel_deposit");
      wrong = wrongField(round, event, t, price, deposit);
    } catch (MalformedMessageException e) {
      wrong = e.getMessage();
      price = null;
      deposit = null;
    }
    if (wrong == null && !AgreementSigning.isSignedBy(terms, publisherSignature, event.publisher())) {
      wrong = "the terms are not signed by the publisher " + event.publisher();
    }
    if (wrong != null) {
      return refuse(round, RejectReason.REJECT_REASON_INVALID, wrong);
    }
    byte[] ours = AgreementSigning.sign(terms, key.getEcKeyPair());
    Agreement agreement = new Agreement(event.jobId(), event.publisher(), round.stream.stream().remotePeerId(),
        event.endpoint(), round.manifestBytes, round.manifest, terms, publisherSignature, ours, price, t.getSlots(),
        t.getPaymentIncrementMegaFuel(), deposit, t.getExpiresAt());
    return round.stream.write(NegotiateMessage.newBuilder().setAgreement(
            org.zennet.protocol.wire.messages.Agreement.newBuilder().setTerms(ByteString.copyFrom(terms))
                .setPublisherSignature(ByteString.copyFrom(publisherSignature))
                .setProviderSignature(ByteString.copyFrom(ours))).build())
        .compose(v -> round.stream.end())
        .map(v -> agreement);
  }

  /** The first field of the terms that is not what the provider bid and expects, or null. */
  private String wrongField(Round round, JobEvent.Posted event, AgreementTerms t, BigInteger price, BigInteger deposit)
      throws MalformedMessageException {
    if (t.getChainId() != offer.chainId()) {
      return "chain_id " + t.getChainId() + " is not " + offer.chainId();
    }
    if (!WireValues.address(t.getJobMarket(), "job_market").equals(offer.jobMarket())) {
      return "job_market is not this deployment's JobMarket";
    }
    if (!t.getJobId().equals(WireValues.uint256(event.jobId()))) {
      return "job_id is not " + event.jobId();
    }
    if (!Arrays.equals(t.getManifestSha256().toByteArray(), event.manifestHash())) {
      return "manifest_sha256 is not the posted hash";
    }
    if (!WireValues.address(t.getPublisher(), "publisher").equals(event.publisher())) {
      return "publisher is not the job's publisher";
    }
    if (!WireValues.address(t.getProvider(), "provider").equals(account)) {
      return "provider is not this provider's account";
    }
    if (!price.equals(round.lastBid)) {
      return "price_per_mega_fuel " + price + " is not the last bid " + round.lastBid;
    }
    if (t.getSlots() < 1 || t.getSlots() > round.lastSlots) {
      return "slots " + t.getSlots() + " is not 1.." + round.lastSlots;
    }
    if (t.getPaymentIncrementMegaFuel() != round.manifest.paymentIncrementMegaFuel()) {
      return "payment_increment_mega_fuel " + t.getPaymentIncrementMegaFuel() + " is not the manifest's "
          + round.manifest.paymentIncrementMegaFuel();
    }
    long now = clock.instant().getEpochSecond();
    if (t.getExpiresAt() <= now || t.getExpiresAt() > now + MAX_EXPIRY.toSeconds()) {
      return "expires_at " + t.getExpiresAt() + " is not within the next hour";
    }
    if (deposit.signum() <= 0) {
      return "channel_deposit must be positive";
    }
    return null;
  }

  private static <T> Future<T> rejected(Reject r) {
    return Future.failedFuture(new NegotiationException("the publisher rejected: " + r.getReason() + " "
        + r.getDetail()));
  }

  private <T> Future<T> refuse(Round round, RejectReason reason, String detail) {
    LOG.debug("refusing job: {} {}", reason, detail);
    return round.stream.write(NegotiateMessage.newBuilder().setReject(Reject.newBuilder().setReason(reason)
            .setDetail(detail)).build())
        .compose(v -> round.stream.end())
        .transform(ar -> Future.failedFuture(new NegotiationException(reason + ": " + detail)));
  }
}
