package org.zennet.publisher.market;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.wire.AgreementSigning;
import org.zennet.protocol.wire.MalformedMessageException;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.Accept;
import org.zennet.protocol.wire.messages.Agreement;
import org.zennet.protocol.wire.messages.AgreementTerms;
import org.zennet.protocol.wire.messages.Bid;
import org.zennet.protocol.wire.messages.CounterOffer;
import org.zennet.protocol.wire.messages.Manifest;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.protocol.wire.messages.Reject;
import org.zennet.protocol.wire.messages.RejectReason;

/**
 * The publisher's side of {@code /zennet/negotiate/1.0.0} for one job (docs/protocol.md): serves the
 * manifest, answers bids (a counter-offer at the target price to a bid above it, for a few rounds), hands
 * acceptable bids to the {@link BidBook}, and for an accepted one signs the terms, sends {@code Accept} and
 * checks the provider's {@code Agreement} — same terms bytes, our signature, the provider's signature by its
 * account — before it reports the agreement. Runs on the stream's context.
 */
public final class NegotiationHandler {
  private static final Logger LOG = LoggerFactory.getLogger(NegotiationHandler.class);

  /** A signed agreement, as both parties signed it. */
  public record Signed(String provider, PeerId peer, byte[] terms, byte[] publisherSignature,
      byte[] providerSignature, BigInteger price, int slots, BigInteger deposit) {}

  private final JobOffer offer;
  private final BidBook book;
  private final Predicate<String> banned;
  private final Predicate<String> acceptingProviders;
  private final Consumer<Signed> onAgreement;
  private final Clock clock;

  /**
   * @param banned providers refused outright (the reputation store's bans)
   * @param accepting whether the job still takes providers (not closed, not past acceptBefore)
   * @param onAgreement receives each completed agreement (called on the stream's context; must not block)
   */
  public NegotiationHandler(JobOffer offer, BidBook book, Predicate<String> banned, Predicate<String> accepting,
      Consumer<Signed> onAgreement, Clock clock) {
    this.offer = offer;
    this.book = book;
    this.banned = banned;
    this.acceptingProviders = accepting;
    this.onAgreement = onAgreement;
    this.clock = clock;
  }

  /** Where one negotiation got to: an accepted place is given back unless the agreement completed. */
  private static final class Progress {
    boolean accepted;
    boolean agreed;
  }

  /** Serves one negotiation stream. */
  public void handle(MessageStream<NegotiateMessage, NegotiateMessage> stream) {
    PeerId peer = stream.stream().remotePeerId();
    String account = peer.ethereumAddress().orElse(null);
    Progress progress = new Progress();
    stream.next()
        .compose(first -> {
          if (!first.hasManifestRequest()) {
            return reject(stream, RejectReason.REJECT_REASON_INVALID, "start with ManifestRequest");
          }
          if (!first.getManifestRequest().getJobId().equals(WireValues.uint256(offer.jobId()))) {
            return reject(stream, RejectReason.REJECT_REASON_UNKNOWN_JOB, "this publisher serves job " + offer.jobId());
          }
          return stream.write(NegotiateMessage.newBuilder().setManifest(Manifest.newBuilder()
                  .setJobId(WireValues.uint256(offer.jobId())).setManifestSha256(ByteString.copyFrom(offer.manifestSha256()))
                  .setManifest(ByteString.copyFrom(offer.manifest()))).build())
              .compose(v -> bids(stream, peer, account, 0, progress));
        })
        .onFailure(e -> {
          LOG.debug("negotiation with {} ended: {}", peer, e.getMessage());
          if (progress.accepted && !progress.agreed) {
            book.withdrawn(account);
          }
          stream.stream().reset();
        });
  }

  private Future<Void> bids(MessageStream<NegotiateMessage, NegotiateMessage> stream, PeerId peer, String account,
      int round, Progress progress) {
    return stream.next().compose(message -> {
      if (message.hasReject()) {
        LOG.debug("{} rejected job {}: {} {}", peer, offer.jobId(), message.getReject().getReason(),
            message.getReject().getDetail());
        return stream.end();
      }
      if (!message.hasBid()) {
        return reject(stream, RejectReason.REJECT_REASON_INVALID, "expected a Bid or Reject");
      }
      Bid bid = message.getBid();
      BigInteger price;
      String bidder;
      try {
        price = WireValues.uint256(bid.getPricePerMegaFuel(), "price_per_mega_fuel");
        bidder = WireValues.address(bid.getProvider(), "provider");
      } catch (MalformedMessageException e) {
        return reject(stream, RejectReason.REJECT_REASON_INVALID, e.getMessage());
      }
      if (!bid.getJobId().equals(WireValues.uint256(offer.jobId()))) {
        return reject(stream, RejectReason.REJECT_REASON_UNKNOWN_JOB, "the bid names another job");
      }
      if (account == null || !bidder.equals(account)) {
        return reject(stream, RejectReason.REJECT_REASON_INVALID, "the bid's provider is not the account of your key");
      }
      if (bid.getSlots() < 1) {
        return reject(stream, RejectReason.REJECT_REASON_INVALID, "a bid offers at least one slot");
      }
      if (banned.test(account)) {
        return reject(stream, RejectReason.REJECT_REASON_POLICY, "this publisher does not work with you");
      }
      if (!acceptingProviders.test(account)) {
        return reject(stream, RejectReason.REJECT_REASON_CAPACITY, "the job takes no more providers");
      }
      int slots = Math.min(bid.getSlots(), offer.maxSlots());
      boolean aboveTarget = price.compareTo(offer.targetPricePerMegaFuel()) > 0;
      if (aboveTarget && round < JobOffer.MAX_ROUNDS) {
        return stream.write(NegotiateMessage.newBuilder().setCounterOffer(CounterOffer.newBuilder()
                .setJobId(bid.getJobId()).setPricePerMegaFuel(WireValues.uint256(offer.targetPricePerMegaFuel()))
                .setSlots(slots).setRound(round + 1)).build())
            .compose(v -> bids(stream, peer, account, round + 1, progress));
      }
      if (price.compareTo(offer.maxPricePerMegaFuel()) > 0) {
        return reject(stream, round >= JobOffer.MAX_ROUNDS ? RejectReason.REJECT_REASON_TOO_MANY_ROUNDS
            : RejectReason.REJECT_REASON_PRICE, "the most this job pays is " + offer.maxPricePerMegaFuel());
      }
      return Future.fromCompletionStage(book.offer(new BidBook.Offer(account, price, slots,
              bid.getMeasuredFuelPerSecond())))
          .compose(accepted -> {
            progress.accepted = accepted;
            return accepted
              ? accept(stream, peer, account, price, slots, progress)
              : reject(stream, RejectReason.REJECT_REASON_CAPACITY, "the job is fully staffed");
          });
    });
  }

  private Future<Void> accept(MessageStream<NegotiateMessage, NegotiateMessage> stream, PeerId peer, String account,
      BigInteger price, int slots, Progress progress) {
    byte[] terms = AgreementTerms.newBuilder()
        .setChainId(offer.chainId())
        .setJobMarket(WireValues.address(offer.jobMarket()))
        .setJobId(WireValues.uint256(offer.jobId()))
        .setManifestSha256(ByteString.copyFrom(offer.manifestSha256()))
        .setPublisher(WireValues.address(offer.publisher()))
        .setProvider(WireValues.address(account))
        .setPricePerMegaFuel(WireValues.uint256(price))
        .setSlots(slots)
        .setPaymentIncrementMegaFuel(offer.paymentIncrementMegaFuel())
        .setExpiresAt(clock.instant().plus(offer.agreementLifetime()).getEpochSecond())
        .setChannelDeposit(WireValues.uint256(offer.channelDeposit()))
        .build().toByteArray();
    byte[] ours = AgreementSigning.sign(terms, offer.key());
    return stream.write(NegotiateMessage.newBuilder().setAccept(Accept.newBuilder()
            .setTerms(ByteString.copyFrom(terms)).setSignature(ByteString.copyFrom(ours))).build())
        .compose(v -> stream.next())
        .compose(answer -> {
          if (answer.hasReject()) {
            book.withdrawn(account);
            LOG.info("{} declined the terms of job {}: {} {}", account, offer.jobId(), answer.getReject().getReason(),
                answer.getReject().getDetail());
            return stream.end();
          }
          if (!answer.hasAgreement()) {
            book.withdrawn(account);
            return reject(stream, RejectReason.REJECT_REASON_INVALID, "expected the Agreement");
          }
          Agreement agreement = answer.getAgreement();
          byte[] providerSignature = agreement.getProviderSignature().toByteArray();
          if (!Arrays.equals(agreement.getTerms().toByteArray(), terms)
              || !Arrays.equals(agreement.getPublisherSignature().toByteArray(), ours)
              || !AgreementSigning.isSignedBy(terms, providerSignature, account)) {
            book.withdrawn(account);
            return reject(stream, RejectReason.REJECT_REASON_INVALID,
                "the agreement must carry our terms and signature and be signed by your account");
          }
          progress.agreed = true;
          onAgreement.accept(new Signed(account, peer, terms, ours, providerSignature, price, slots,
              offer.channelDeposit()));
          return stream.end();
        });
  }

  private static Future<Void> reject(MessageStream<NegotiateMessage, NegotiateMessage> stream, RejectReason reason,
      String detail) {
    return stream.write(NegotiateMessage.newBuilder().setReject(Reject.newBuilder().setReason(reason)
        .setDetail(detail)).build()).compose(v -> stream.end());
  }
}
