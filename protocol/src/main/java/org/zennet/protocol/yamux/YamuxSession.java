package org.zennet.protocol.yamux;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.time.Duration;

/**
 * A yamux session (https://github.com/hashicorp/yamux/blob/master/spec.md, as libp2p uses it under
 * the protocol id {@value #PROTOCOL_ID}) over a byte stream: a TCP or TLS {@code NetSocket}, or any
 * {@code ReadStream<Buffer>} and {@code WriteStream<Buffer>} pair.
 *
 * <p>The session owns the transport: it takes over its handlers and ends it when the session
 * closes. A peer that breaks the protocol gets a go-away with the protocol-error code, the reason
 * is logged, and the session closes; other sessions are not affected.
 */
public interface YamuxSession {
  /** The multistream-select protocol id of yamux. */
  String PROTOCOL_ID = "/yamux/1.0.0";

  /**
   * The client side of a session (the dialer): it opens odd-numbered streams. {@code in} and
   * {@code out} are the two directions of one connection, usually the same object (a
   * {@code NetSocket}, a {@link YamuxStream}); Java cannot name "a ReadStream that is also a
   * WriteStream" without a common type, hence two parameters.
   */
  static YamuxSession client(Vertx vertx, ReadStream<Buffer> in, WriteStream<Buffer> out, YamuxConfig config) {
    return MuxSession.start(vertx, in, out, true, config);
  }

  /** The server side of a session (the listener): it opens even-numbered streams. See {@link #client}. */
  static YamuxSession server(Vertx vertx, ReadStream<Buffer> in, WriteStream<Buffer> out, YamuxConfig config) {
    return MuxSession.start(vertx, in, out, false, config);
  }

  /** The client side of a session over a TCP or TLS socket. */
  static YamuxSession client(Vertx vertx, NetSocket socket, YamuxConfig config) {
    return client(vertx, socket, socket, config);
  }

  /** The server side of a session over a TCP or TLS socket. */
  static YamuxSession server(Vertx vertx, NetSocket socket, YamuxConfig config) {
    return server(vertx, socket, socket, config);
  }

  /**
   * Opens a stream. It can be written to at once (SYN goes out first); the peer may still refuse
   * it with a reset. Fails when the session is closed or going away, or at the stream limit.
   */
  Future<YamuxStream> openStream();

  /**
   * Receives the streams the peer opens. Without a handler, inbound streams are refused (RST).
   */
  YamuxSession streamHandler(Handler<YamuxStream> handler);

  /** Pings the peer and measures the round trip. */
  Future<Duration> ping();

  /**
   * Tells the peer this side accepts no new streams (go-away, normal termination); streams already
   * open go on. The session closes when {@link #close()} is called or the peer disconnects.
   */
  Future<Void> goAway();

  /** Sends a go-away if none was sent, closes every stream and ends the transport. */
  Future<Void> close();

  /**
   * Completes when the session has ended: succeeded after a close by either side, failed with a
   * {@link YamuxProtocolException} or the transport's error otherwise.
   */
  Future<Void> closeFuture();

  /** Whether the session has ended. */
  boolean isClosed();

  /** Streams currently open (not yet closed in both directions nor reset). */
  int streamCount();
}
