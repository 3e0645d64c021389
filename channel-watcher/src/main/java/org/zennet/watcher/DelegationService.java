package org.zennet.watcher;

import com.google.protobuf.ByteString;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.InvalidVoucherException;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.chain.ChainRetry;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.wire.MalformedMessageException;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.ChannelState;
import org.zennet.protocol.wire.messages.ChannelStatus;
import org.zennet.protocol.wire.messages.DelegateAck;
import org.zennet.protocol.wire.messages.DelegateNack;
import org.zennet.protocol.wire.messages.DelegateNackReason;
import org.zennet.protocol.wire.messages.DelegateVoucher;
import org.zennet.protocol.wire.messages.StatusQuery;
import org.zennet.protocol.wire.messages.WatchMessage;
import org.zennet.watcher.chain.WatcherChain;
import org.zennet.watcher.store.WatchedChannel;
import org.zennet.watcher.store.WatcherStore;

/**
 * The watcher's side of {@code /zennet/watch/1.0.0} (docs/watcher.md): a provider delegates vouchers and asks
 * for its channels' status, one message at a time on a stream (a message is answered before the next is read).
 *
 * <p>A delegation is accepted only from the channel's provider, for a channel of this chain and contract that
 * is open (or closing, before {@code closesAt}), with the publisher's valid signature, an amount above what is
 * held and within the deposit; it is committed to the database before the {@code DelegateAck} is written.
 * Everything else gets a {@code DelegateNack} with its reason, and the stream goes on; bytes that are not a
 * message, or a message above {@link #WIRE}'s limit, reset the stream.
 */
public final class DelegationService {
  private static final Logger LOG = LoggerFactory.getLogger(DelegationService.class);
  /** Watch messages are a few hundred bytes; anything much larger is hostile. */
  public static final WireConfig WIRE = new WireConfig(4096, 1024, 0);
  /** How long a delegation waits for an unreachable chain before the stream is reset (the provider tries again). */
  static final Duration CHAIN_BUDGET = Duration.ofSeconds(20);

  private final WatcherChain chain;
  private final WatcherStore store;
  private final Redeemer redeemer;
  private final WatcherMetrics metrics;
  private final ChainClock chainClock;
  private final Clock clock;
  private final Function<BigInteger, Optional<Long>> recentClose;

  /**
   * @param recentClose the {@code closesAt} of a close the event follower saw for a channel not held at the time
   */
  DelegationService(WatcherChain chain, WatcherStore store, Redeemer redeemer, WatcherMetrics metrics,
      ChainClock chainClock, Clock clock, Function<BigInteger, Optional<Long>> recentClose) {
    this.recentClose = recentClose;
    this.chain = chain;
    this.store = store;
    this.redeemer = redeemer;
    this.metrics = metrics;
    this.chainClock = chainClock;
    this.clock = clock;
  }

  /** Serves one stream until the provider ends it. */
  public void handle(MessageStream<WatchMessage, WatchMessage> stream) {
    String account = stream.stream().remotePeerId().ethereumAddress().orElse(null);
    Context context = Vertx.currentContext();
    loop(stream, account, context);
  }

  private void loop(MessageStream<WatchMessage, WatchMessage> stream, String account, Context context) {
    stream.next()
        .compose(message -> answer(message, account, context))
        .compose(stream::write)
        .onSuccess(v -> loop(stream, account, context))
        .onFailure(e -> {
          if (!(e instanceof org.zennet.protocol.wire.StreamEndedException)) {
            LOG.debug("watch stream of {} ended: {}", account, e.getMessage());
            stream.stream().reset();
          } else {
            stream.end();
          }
        });
  }

  private Future<WatchMessage> answer(WatchMessage message, String account, Context context) {
    return switch (message.getBodyCase()) {
      case DELEGATE -> Future.fromCompletionStage(delegate(message.getDelegate(), account), context);
      case STATUS_QUERY -> Future.fromCompletionStage(status(message.getStatusQuery(), account), context);
      default -> {
        metrics.nack(DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED);
        yield Future.succeededFuture(nack(ByteString.EMPTY, DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED,
            "a provider sends DelegateVoucher or StatusQuery"));
      }
    };
  }

  /** A delegation refused, with its reason. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final transient DelegateNackReason reason;

    Refused(DelegateNackReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  /** Checks, commits, acknowledges one delegation; completes with the Ack or Nack to write. */
  CompletableFuture<WatchMessage> delegate(DelegateVoucher d, String account) {
    long started = System.nanoTime();
    ByteString rawId = d.getVoucher().getChannelId();
    SignedVoucher signed;
    try {
      if (account == null) {
        throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_NOT_PAYEE, "your key is not an Ethereum account key");
      }
      if (d.getChainId() != chain.chainId()) {
        throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_UNSUPPORTED_CHAIN,
            "this watcher serves chain " + chain.chainId() + ", not " + d.getChainId());
      }
      if (!WireValues.address(d.getPaymentChannels(), "payment_channels").equals(chain.paymentChannels())) {
        throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_UNSUPPORTED_CHAIN,
            "this watcher serves the PaymentChannels contract " + chain.paymentChannels());
      }
      if (!d.hasVoucher()) {
        throw new MalformedMessageException("voucher is missing");
      }
      BigInteger id = WireValues.uint256(rawId, "voucher.channel_id");
      BigInteger amount = WireValues.uint256(d.getVoucher().getCumulativeAmount(), "voucher.cumulative_amount");
      ByteString sig = d.getVoucher().getSignature();
      if (sig.size() != SignedVoucher.SIGNATURE_LENGTH) {
        throw new MalformedMessageException("voucher.signature must be " + SignedVoucher.SIGNATURE_LENGTH
            + " bytes, got " + sig.size());
      }
      signed = new SignedVoucher(new Voucher(id, amount), sig.toByteArray());
    } catch (MalformedMessageException e) {
      return done(started, nack(rawId, DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED, e.getMessage()));
    } catch (Refused r) {
      return done(started, nack(rawId, r.reason, r.getMessage()));
    }
    BigInteger id = signed.voucher().channelId();
    BigInteger amount = signed.voucher().cumulativeAmount();
    Optional<WatchedChannel> held = store.channel(id);
    if (held.isPresent()) {
      WatchedChannel h = held.get();
      if (!h.provider().equals(account)) {
        return done(started, nack(rawId, DelegateNackReason.DELEGATE_NACK_REASON_NOT_PAYEE,
            "channel " + id + " pays another provider"));
      }
      if (amount.compareTo(h.held()) <= 0) {
        if (amount.equals(h.held()) && h.voucher().equals(signed)) {
          return done(started, ack(rawId, h.held())); // the same voucher again (a lost ack): idempotent
        }
        return done(started, nack(rawId, DelegateNackReason.DELEGATE_NACK_REASON_NOT_INCREASING,
            "the watcher already holds " + h.held() + " for channel " + id));
      }
    }
    return ChainRetry.retrying("reading channel " + id, CHAIN_BUDGET, () -> chain.channelInfo(id))
        .thenCompose(info -> checkAndHold(signed, info, account, held))
        .handle((message, failure) -> {
          if (failure == null) {
            return message;
          }
          Throwable cause = ChainRetry.unwrap(failure);
          if (cause instanceof Refused r) {
            return nack(rawId, r.reason, r.getMessage());
          }
          throw new IllegalStateException("delegation of channel " + id + " failed: " + cause.getMessage(), cause);
        })
        .thenCompose(message -> done(started, message));
  }

  private CompletableFuture<WatchMessage> checkAndHold(SignedVoucher signed, ChannelInfo info, String account,
      Optional<WatchedChannel> held) {
    BigInteger id = signed.voucher().channelId();
    BigInteger amount = signed.voucher().cumulativeAmount();
    try {
      switch (info.state()) {
        case NONE -> throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_UNKNOWN_CHANNEL,
            "there is no channel " + id + " on chain " + chain.chainId());
        case CLOSED -> throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_CHANNEL_CLOSED,
            "channel " + id + " is closed");
        case CLOSING -> {
          if (chainClock.now() >= info.closesAt()) {
            throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_CHANNEL_CLOSED,
                "channel " + id + "'s challenge period ended at " + info.closesAt());
          }
        }
        case OPEN -> { }
      }
      if (!info.provider().equals(account)) {
        throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_NOT_PAYEE, "channel " + id + " pays another provider");
      }
      chain.vouchers().verify(signed, info.publisher());
      if (amount.compareTo(info.deposit()) > 0) {
        throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_EXCEEDS_DEPOSIT,
            "the amount " + amount + " is above channel " + id + "'s deposit " + info.deposit());
      }
      if (amount.compareTo(info.paid()) <= 0) {
        throw new Refused(DelegateNackReason.DELEGATE_NACK_REASON_NOT_INCREASING,
            "channel " + id + " has paid " + info.paid() + " already");
      }
    } catch (Refused r) {
      return CompletableFuture.failedFuture(r);
    } catch (InvalidVoucherException e) {
      return CompletableFuture.failedFuture(new Refused(DelegateNackReason.DELEGATE_NACK_REASON_BAD_SIGNATURE,
          e.getMessage()));
    }
    WatchedChannel channel = new WatchedChannel(id, info.publisher(), info.provider(), info.deposit(), info.paid(),
        info.closesAt(), info.state(), signed, clock.millis());
    return store.hold(channel).thenApply(kept -> {
      if (kept.equals(amount)) {
        LOG.info("channel {}: holding {} XEN for {}", id, org.zennet.contracts.Xen.format(amount), account);
        if (held.isEmpty()) {
          metrics.channelAdded();
        }
        WatchedChannel now = channel;
        Optional<Long> close = recentClose.apply(id);
        if (close.isPresent() && channel.state() == ChannelInfo.State.OPEN) {
          // the close was mined after our read and delivered before the commit: the follower passed it by
          now = new WatchedChannel(id, channel.publisher(), channel.provider(), channel.deposit(), channel.paid(),
              close.get(), ChannelInfo.State.CLOSING, signed, channel.delegatedAt());
          store.refresh(now);
        }
        redeemer.delegated(now);
        return ack(WireValues.uint256(id), kept);
      }
      // a higher voucher came in on another stream meanwhile
      return nack(WireValues.uint256(id), DelegateNackReason.DELEGATE_NACK_REASON_NOT_INCREASING,
          "the watcher already holds " + kept + " for channel " + id);
    });
  }

  private CompletableFuture<WatchMessage> status(StatusQuery q, String account) {
    BigInteger id;
    try {
      id = WireValues.uint256(q.getChannelId(), "channel_id");
    } catch (MalformedMessageException e) {
      metrics.nack(DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED);
      return CompletableFuture.completedFuture(nack(q.getChannelId(), DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED,
          e.getMessage()));
    }
    Optional<WatchedChannel> held = store.channel(id);
    if (held.isPresent() && !held.get().provider().equals(account)) {
      return CompletableFuture.completedFuture(nack(q.getChannelId(), DelegateNackReason.DELEGATE_NACK_REASON_NOT_PAYEE,
          "channel " + id + " pays another provider"));
    }
    ChannelStatus.Builder status = ChannelStatus.newBuilder().setChannelId(q.getChannelId());
    if (held.isEmpty()) {
      status.setState(ChannelState.CHANNEL_STATE_UNKNOWN);
    } else {
      WatchedChannel c = held.get();
      status.setState(switch (c.state()) {
        case OPEN -> ChannelState.CHANNEL_STATE_OPEN;
        case CLOSING -> ChannelState.CHANNEL_STATE_CLOSING;
        case CLOSED -> ChannelState.CHANNEL_STATE_SETTLED;
        case NONE -> ChannelState.CHANNEL_STATE_UNKNOWN;
      }).setHeldAmount(WireValues.uint256(c.held())).setRedeemedAmount(WireValues.uint256(c.paid()))
          .setCloseDeadline(c.closesAt());
    }
    return CompletableFuture.completedFuture(WatchMessage.newBuilder().setStatus(status).build());
  }

  private CompletableFuture<WatchMessage> done(long started, WatchMessage answer) {
    metrics.delegation(answer, System.nanoTime() - started);
    return CompletableFuture.completedFuture(answer);
  }

  private static WatchMessage ack(ByteString channelId, BigInteger held) {
    return WatchMessage.newBuilder().setAck(DelegateAck.newBuilder().setChannelId(channelId)
        .setHeldAmount(WireValues.uint256(held))).build();
  }

  private static WatchMessage nack(ByteString channelId, DelegateNackReason reason, String detail) {
    return WatchMessage.newBuilder().setNack(DelegateNack.newBuilder().setChannelId(
        channelId.size() <= 32 ? channelId : ByteString.EMPTY).setReason(reason).setDetail(detail)).build();
  }
}
