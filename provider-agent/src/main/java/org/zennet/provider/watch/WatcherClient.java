package org.zennet.provider.watch;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.MalformedMessageException;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.DelegateVoucher;
import org.zennet.protocol.wire.messages.Voucher;
import org.zennet.protocol.wire.messages.WatchMessage;

/**
 * Delegates the provider's latest vouchers to its channel watchers on {@code /zennet/watch/1.0.0}: one stream
 * per watcher, kept open, one {@code DelegateVoucher} at a time answered by {@code DelegateAck} or
 * {@code DelegateNack}. While one is in flight, newer vouchers replace older ones of the same channel, so a slow
 * watcher gets only the latest. A delegation that fails is kept and tried again with the next voucher, by
 * {@link #retry} now and then, or by
 * {@link #flush} when the provider stops.
 */
public final class WatcherClient {
  private static final Logger LOG = LoggerFactory.getLogger(WatcherClient.class);
  public static final String PROTOCOL = "/zennet/watch/1.0.0";
  private static final long FLUSH_POLL_MILLIS = 100;

  /** What happened to a delegation, for metrics. */
  @FunctionalInterface
  public interface Outcome {
    void delegated(String watcher, BigInteger channel, boolean acknowledged, String detail);
  }

  private final Host host;
  private final long chainId;
  private final String paymentChannels;
  private final List<Watcher> watchers;
  private final Outcome outcome;

  public WatcherClient(Host host, List<String> watchers, long chainId, String paymentChannels, Outcome outcome) {
    this.host = host;
    this.chainId = chainId;
    this.paymentChannels = paymentChannels;
    this.outcome = outcome;
    this.watchers = watchers.stream().map(Watcher::new).toList();
  }

  /**
   * Opens the stream to every watcher now, so the first voucher does not wait for a connection (and an
   * unreachable watcher shows in the log at start-up, not with the first job). A failure is logged; the next
   * delegation tries again.
   */
  public void connect() {
    watchers.forEach(Watcher::connect);
  }

  /**
   * Tries again to hand over what a failed delegation left (call it now and then): a watcher that was
   * unreachable gets the vouchers it missed, the latest of each channel, without waiting for the next one.
   */
  public void retry() {
    watchers.forEach(Watcher::retry);
  }

  /** Hands {@code voucher} to every watcher (asynchronously). */
  public void delegate(SignedVoucher voucher) {
    watchers.forEach(w -> w.offer(voucher));
  }

  /**
   * Waits until every watcher has answered the latest voucher of each channel, sending again what a failed attempt
   * left, for at most {@code timeout}: a provider that stops calls it before its host goes, so that its last
   * vouchers are with the watchers while it is offline. Blocks: never call it on an event loop.
   *
   * @return whether everything was delivered in time
   */
  public boolean flush(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean idle = true;
      for (Watcher w : watchers) {
        if (!w.idle()) {
          idle = false;
          w.retry();
        }
      }
      if (idle) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(FLUSH_POLL_MILLIS);
    }
  }

  private final class Watcher {
    final String address;
    final Map<BigInteger, SignedVoucher> pending = new HashMap<>();
    MessageStream<WatchMessage, WatchMessage> stream;
    boolean busy;

    Watcher(String address) {
      this.address = address;
    }

    synchronized void connect() {
      if (stream != null || busy) {
        return;
      }
      busy = true;
      open().onComplete(ar -> {
        synchronized (this) {
          busy = false;
          if (ar.failed()) {
            LOG.warn("cannot reach watcher {}: {}", address, ar.cause().getMessage());
          } else {
            LOG.info("connected to watcher {}", address);
          }
          pump();
        }
      });
    }

    synchronized void retry() {
      if (stream == null) {
        pump();
      }
    }

    synchronized void offer(SignedVoucher v) {
      pending.merge(v.voucher().channelId(), v, Watcher::higher);
      pump();
    }

    static SignedVoucher higher(SignedVoucher a, SignedVoucher b) {
      return b.voucher().cumulativeAmount().compareTo(a.voucher().cumulativeAmount()) > 0 ? b : a;
    }

    /** Whether every voucher offered has been answered. */
    synchronized boolean idle() {
      return !busy && pending.isEmpty();
    }

    private synchronized void pump() {
      if (busy || pending.isEmpty()) {
        return;
      }
      BigInteger channel = pending.keySet().iterator().next();
      SignedVoucher v = pending.remove(channel);
      busy = true;
      send(v).onComplete(ar -> {
        synchronized (this) {
          busy = false;
          if (ar.failed()) {
            stream = null;
            outcome.delegated(address, channel, false, ar.cause().getMessage());
            LOG.warn("cannot delegate channel {} to watcher {}: {}", channel, address, ar.cause().getMessage());
            // kept for the next try (unless a newer voucher of the channel came meanwhile): see retry()
            pending.merge(channel, v, (newer, old) -> newer.voucher().cumulativeAmount()
                .compareTo(old.voucher().cumulativeAmount()) >= 0 ? newer : old);
          }
          if (ar.succeeded()) {
            pump();
          }
        }
      });
    }

    private Future<Void> send(SignedVoucher v) {
      Future<MessageStream<WatchMessage, WatchMessage>> s;
      synchronized (this) {
        s = stream != null ? Future.succeededFuture(stream) : open();
      }
      return s.compose(ms -> ms.write(WatchMessage.newBuilder().setDelegate(DelegateVoucher.newBuilder()
                  .setChainId(chainId).setPaymentChannels(WireValues.address(paymentChannels))
                  .setVoucher(Voucher.newBuilder().setChannelId(WireValues.uint256(v.voucher().channelId()))
                      .setCumulativeAmount(WireValues.uint256(v.voucher().cumulativeAmount()))
                      .setSignature(com.google.protobuf.ByteString.copyFrom(v.signature())))).build())
              .compose(x -> ms.next()))
          .compose(answer -> {
            if (answer.hasAck()) {
              try {
                BigInteger held = WireValues.uint256(answer.getAck().getHeldAmount(), "held_amount");
                outcome.delegated(address, v.voucher().channelId(), true, "holds " + held);
                return Future.<Void>succeededFuture();
              } catch (MalformedMessageException e) {
                return Future.<Void>failedFuture(e);
              }
            }
            if (answer.hasNack()) {
              outcome.delegated(address, v.voucher().channelId(), false, answer.getNack().getReason() + " "
                  + answer.getNack().getDetail());
              LOG.warn("watcher {} refused channel {}: {} {}", address, v.voucher().channelId(),
                  answer.getNack().getReason(), answer.getNack().getDetail());
              return Future.<Void>succeededFuture();
            }
            return Future.<Void>failedFuture("the watcher answered " + answer.getBodyCase());
          });
    }

    private Future<MessageStream<WatchMessage, WatchMessage>> open() {
      try {
        return host.<WatchMessage, WatchMessage>openMessageStream(Multiaddr.parse(address), PROTOCOL,
            WatchMessage.parser()).map(ms -> {
              synchronized (this) {
                stream = ms;
              }
              return ms;
            });
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
  }
}
