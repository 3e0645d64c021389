package org.zennet.protocol.yamux;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * One yamux stream: a byte stream in each direction, with the usual Vert.x back-pressure.
 *
 * <p>Reading: data is handed to the handler as the application's demand allows; the receive window
 * is re-opened (WindowUpdate) only for bytes handed over, so a paused reader makes the peer stop at
 * the window. {@link #endHandler} runs when the peer half-closed (FIN) and everything before was
 * read. Writing: {@link #writeQueueFull()} turns true when the bytes waiting for the peer's window
 * reach the write-queue size; {@link #drainHandler} runs when they fall to half of it. {@link #end()}
 * half-closes (FIN) after the queued data. A reset by the peer, or the session closing while the
 * peer still had data to send, reaches the {@link #exceptionHandler}.
 *
 * <p>Methods may be called from any thread; handlers run on the session's context.
 */
public interface YamuxStream extends ReadStream<Buffer>, WriteStream<Buffer> {
  /** The stream id (odd when the client opened it, even for the server), as an unsigned int. */
  int id();

  /** Whether this side opened the stream. */
  boolean isOutbound();

  /** The session that carries this stream. */
  YamuxSession session();

  /** Resets the stream (RST): both directions end at once and queued writes fail. */
  void reset();

  /** Called once when the stream is done: both sides half-closed, or it was reset, or the session closed. */
  YamuxStream closeHandler(Handler<Void> handler);

  /** Bytes received and not yet handed to the handler; never more than the receive window. */
  int bufferedBytes();

  @Override
  YamuxStream exceptionHandler(Handler<Throwable> handler);

  @Override
  YamuxStream handler(Handler<Buffer> handler);

  @Override
  YamuxStream pause();

  @Override
  YamuxStream resume();

  @Override
  YamuxStream fetch(long amount);

  @Override
  YamuxStream endHandler(Handler<Void> endHandler);

  @Override
  Future<Void> write(Buffer data);

  @Override
  Future<Void> end();

  @Override
  YamuxStream setWriteQueueMaxSize(int maxSize);

  @Override
  YamuxStream drainHandler(Handler<Void> handler);
}
