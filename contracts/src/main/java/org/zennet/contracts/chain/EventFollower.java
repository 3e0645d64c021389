package org.zennet.contracts.chain;

/**
 * Delivers the logs that match a {@link LogFilter} to a {@link LogHandler}, in chain order and exactly
 * once, starting after a {@link Cursor} the caller persisted. It catches up with {@code eth_getLogs} in
 * windows of at most {@link EventFollowerConfig#maxBlockRange()} blocks, then follows live over a WebSocket
 * {@code eth_subscribe("logs")} (catching up again after every reconnection), or, without a WebSocket,
 * polls {@code eth_getLogs} on every new block. {@code latest} is taken as final (QBFT has no reorgs).
 */
public interface EventFollower extends AutoCloseable {

  /**
   * Starts following on {@code chain} (over its WebSocket when it has one) with the default configuration.
   *
   * @param after the last delivered position ({@link Cursor#startOfBlock} for a first start)
   */
  static EventFollower start(ChainConnection chain, LogFilter filter, Cursor after, LogHandler handler) {
    return start(chain, filter, after, handler, EventFollowerConfig.DEFAULT);
  }

  /** As {@link #start(ChainConnection, LogFilter, Cursor, LogHandler)}, configured. */
  static EventFollower start(ChainConnection chain, LogFilter filter, Cursor after, LogHandler handler,
      EventFollowerConfig config) {
    return JsonRpcEventFollower.start(chain.web3j(), chain.wsUrl(), filter, after, handler, config,
        WebSocketConnector.WEB3J);
  }

  /** The position after the last delivered log. */
  Cursor cursor();

  /** Whether logs currently arrive by WebSocket subscription (false while catching up or polling). */
  boolean isLive();

  /** Stops following; a log being handled is finished first (waiting at most a few seconds). */
  @Override
  void close();
}
