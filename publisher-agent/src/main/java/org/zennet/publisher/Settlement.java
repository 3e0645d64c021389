package org.zennet.publisher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.publisher.chain.PublisherChain;
import org.zennet.publisher.store.PublisherStore;

/**
 * The end of a job's channels: waiting for providers to close their own, starting the close of the rest,
 * settling them once their challenge period is over. Blocking; the store follows what the chain says.
 */
final class Settlement {
  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final PublisherChain chain;
  private final PublisherStore store;
  private final Clock clock;

  Settlement(PublisherChain chain, PublisherStore store, Clock clock) {
    this.chain = chain;
    this.store = store;
    this.clock = clock;
  }

  /** The job's channels not closed on chain; those the chain shows closed are recorded so. */
  List<PublisherStore.Channel> open(long job) throws Exception {
    List<PublisherStore.Channel> open = new ArrayList<>();
    for (PublisherStore.Channel c : store.channels(job)) {
      if (c.channelId() == null || c.closed()) {
        continue;
      }
      ChannelInfo info = chain.channelInfo(c.channelId()).get();
      if (info.state() == ChannelInfo.State.CLOSED) {
        store.closed(c.channelId());
      } else {
        open.add(c);
      }
    }
    return open;
  }

  /** Gives providers {@code grace} to close their channels, then starts closing those still open. */
  void closeAfter(long job, Duration grace) throws Exception {
    Instant deadline = clock.instant().plus(grace);
    List<PublisherStore.Channel> open = open(job);
    while (!open.isEmpty() && clock.instant().isBefore(deadline)) {
      Thread.sleep(500);
      open = open(job);
    }
    for (PublisherStore.Channel c : open) {
      if (c.closesAt() == 0) {
        startClose(job, c);
      }
    }
  }

  /** Starts closing one channel (its provider was cut off, or did not close it). */
  void startClose(long job, PublisherStore.Channel c) {
    try {
      PublisherChain.Closing closing = chain.startClose(c.channelId()).get();
      store.closing(c.channelId(), closing.closesAt());
      store.addTransaction(new PublisherStore.ChainTx(job, "startClose", closing.tx().hash(), closing.tx().gasUsed()));
      LOG.info("channel {} of {}: close started; it can be settled from {}", c.channelId(), c.provider(),
          Instant.ofEpochSecond(closing.closesAt()));
    } catch (Exception e) {
      LOG.warn("cannot start closing channel {}: {}", c.channelId(), e.getMessage());
    }
  }

  /**
   * Settles the channels whose challenge period is over; with {@code wait}, waits until all are.
   *
   * @return the channels still open
   */
  List<PublisherStore.Channel> settle(long job, boolean wait) throws Exception {
    while (true) {
      long now = chain.chainTime().get();
      for (PublisherStore.Channel c : open(job)) {
        if (c.closesAt() > 0 && now >= c.closesAt()) {
          PublisherChain.Tx tx = chain.settle(c.channelId()).get();
          store.closed(c.channelId());
          store.addTransaction(new PublisherStore.ChainTx(job, "settle", tx.hash(), tx.gasUsed()));
          LOG.info("channel {} settled", c.channelId());
        }
      }
      List<PublisherStore.Channel> open = open(job);
      if (open.isEmpty() || !wait) {
        return open;
      }
      Thread.sleep(1000);
    }
  }
}
