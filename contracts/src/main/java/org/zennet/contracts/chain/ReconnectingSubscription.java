package org.zennet.contracts.chain;

import io.reactivex.disposables.Disposable;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSubscribe;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.Notification;

/**
 * One {@code eth_subscribe} over a WebSocket that is re-established, with back-off, whenever the
 * connection or the subscription fails. Every callback runs on the owner's single-threaded
 * {@code scheduler}, in order: {@code onSubscribed} before the notifications of that subscription,
 * and nothing from an earlier, lost connection after {@code onLost}.
 *
 * @param <T> the notification type
 */
final class ReconnectingSubscription<T extends Notification<?>> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSubscription.class);

  /** What the owner hears; all on its scheduler thread. */
  interface Listener<T> {
    /** The subscription is live: every notification from now on will arrive. */
    void onSubscribed();

    void onNotification(T notification);

    /** The connection or subscription failed; notifications may have been missed. A reconnect follows. */
    void onLost(Throwable cause);
  }

  private final URI url;
  private final WebSocketConnector connector;
  private final List<?> params;
  private final Class<T> type;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final Listener<T> listener;
  private long generation;
  private WebSocketService service;
  private Disposable subscription;
  private volatile boolean closed;

  ReconnectingSubscription(URI url, WebSocketConnector connector, List<?> params, Class<T> type, Backoff backoff,
      ScheduledExecutorService scheduler, Listener<T> listener) {
    this.url = url;
    this.connector = connector;
    this.params = List.copyOf(params);
    this.type = type;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /** Connects now (asynchronously, on the scheduler). */
  void start() {
    scheduler.execute(this::connect);
  }

  private void connect() {
    if (closed) {
      return;
    }
    long current = ++generation;
    try {
      service = connector.connect(url);
      var request = new Request<>("eth_subscribe", params, service, EthSubscribe.class);
      subscription = service.subscribe(request, "eth_unsubscribe", type).subscribe(
          notification -> onScheduler(() -> deliver(current, notification)),
          error -> onScheduler(() -> lost(current, error)));
      backoff.reset();
      LOG.debug("subscribed to {} over {}", params.get(0), url);
      listener.onSubscribed();
    } catch (IOException | RuntimeException e) {
      lost(current, e);
    }
  }

  /** Runs {@code action} on the scheduler, unless this subscription is closed (its scheduler may be gone). */
  private void onScheduler(Runnable action) {
    if (closed) {
      return;
    }
    try {
      scheduler.execute(action);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      LOG.debug("subscription to {} closing: {}", params.get(0), stopping.toString());
    }
  }

  private void deliver(long from, T notification) {
    if (!closed && from == generation) {
      listener.onNotification(notification);
    }
  }

  private void lost(long from, Throwable cause) {
    if (closed || from != generation) {
      return;
    }
    generation++;
    disconnect();
    long delay = backoff.next().toMillis();
    LOG.warn("WebSocket subscription to {} on {} lost ({}); reconnecting in {} ms", params.get(0), url,
        cause.getMessage(), delay);
    listener.onLost(cause);
    scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  private void disconnect() {
    // No eth_unsubscribe: the node drops a socket's subscriptions when it closes, and Web3j logs an ERROR
    // for an unsubscribe whose answer the closing socket can no longer receive.
    subscription = null;
    if (service != null) {
      service.close();
      service = null;
    }
  }

  /** Unsubscribes and closes the connection; call on the scheduler or after it has stopped. */
  @Override
  public void close() {
    closed = true;
    disconnect();
  }
}
