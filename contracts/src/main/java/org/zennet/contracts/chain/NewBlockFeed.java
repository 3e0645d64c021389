package org.zennet.contracts.chain;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.websocket.events.NewHeadsNotification;
import org.web3j.utils.Numeric;

/**
 * Tells listeners the number of each new block, as soon as the node has it: over a WebSocket
 * {@code eth_subscribe("newHeads")} when there is a WebSocket URL, else (and while the WebSocket is down)
 * by polling {@code eth_blockNumber} every {@link NewBlockFeedConfig#pollInterval()}. A listener may miss
 * numbers when several blocks come at once, and gets the highest; a lower number than before means the
 * chain was reset (anvil's snapshots; QBFT has no reorgs).
 *
 * <p>Listeners run on the feed's own thread and must return quickly (hand work to their own executor).
 */
public final class NewBlockFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NewBlockFeed.class);

  private final Web3j http;
  private final ScheduledExecutorService scheduler;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private final ReconnectingSubscription<NewHeadsNotification> heads;
  private volatile boolean webSocketLive;
  private volatile long latest = -1;

  private NewBlockFeed(Web3j http, Optional<URI> wsUrl, NewBlockFeedConfig config, WebSocketConnector connector) {
    this.http = http;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("zennet-new-blocks").factory());
    this.heads = wsUrl.map(url -> new ReconnectingSubscription<>(url, connector, List.of("newHeads"),
        NewHeadsNotification.class, config.backoff(), scheduler, new HeadsListener())).orElse(null);
    scheduler.scheduleWithFixedDelay(this::pollUnlessLive, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    if (heads != null) {
      heads.start();
    }
  }

  /**
   * Starts following new blocks of the chain behind {@code http}.
   *
   * @param wsUrl the node's WebSocket endpoint, or empty to poll
   */
  public static NewBlockFeed start(Web3j http, Optional<URI> wsUrl, NewBlockFeedConfig config) {
    return new NewBlockFeed(http, wsUrl, config, WebSocketConnector.WEB3J);
  }

  static NewBlockFeed start(Web3j http, Optional<URI> wsUrl, NewBlockFeedConfig config, WebSocketConnector connector) {
    return new NewBlockFeed(http, wsUrl, config, connector);
  }

  /** Calls {@code listener} with each new block number (on the feed's thread). */
  public void addListener(LongConsumer listener) {
    listeners.add(listener);
  }

  public void removeListener(LongConsumer listener) {
    listeners.remove(listener);
  }

  /** The highest block number seen so far, or -1 before the first. */
  public long latest() {
    return latest;
  }

  /** Whether blocks currently come over the WebSocket (false while polling). */
  public boolean isWebSocketLive() {
    return webSocketLive;
  }

  private void pollUnlessLive() {
    if (!webSocketLive) {
      readHead();
    }
  }

  private void readHead() {
    try {
      publish(http.ethBlockNumber().send().getBlockNumber().longValueExact());
    } catch (IOException | RuntimeException e) {
      LOG.debug("eth_blockNumber failed, trying again in a moment: {}", e.toString());
    }
  }

  private void publish(long number) {
    if (number == latest) {
      return;
    }
    if (number < latest) {
      LOG.debug("block number went back from {} to {}: the chain was reset (a dev chain snapshot)", latest, number);
    }
    latest = number;
    for (LongConsumer listener : listeners) {
      try {
        listener.accept(number);
      } catch (RuntimeException e) {
        LOG.error("a new-block listener failed on block {}", number, e);
      }
    }
  }

  private final class HeadsListener implements ReconnectingSubscription.Listener<NewHeadsNotification> {
    @Override
    public void onSubscribed() {
      webSocketLive = true;
      readHead(); // a block mined while subscribing has no notification
    }

    @Override
    public void onNotification(NewHeadsNotification notification) {
      publish(Numeric.decodeQuantity(notification.getParams().getResult().getNumber()).longValueExact());
    }

    @Override
    public void onLost(Throwable cause) {
      webSocketLive = false;
    }
  }

  @Override
  public void close() {
    if (heads != null) {
      Schedulers.runAndStop(scheduler, heads::close);
    } else {
      scheduler.shutdownNow();
    }
  }
}
