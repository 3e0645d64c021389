package org.zennet.protocol.host;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.yamux.YamuxStream;

/**
 * A yamux stream on which a protocol was agreed: a byte stream in each direction to the peer, with
 * Vert.x back-pressure. Reading starts with the bytes that arrived together with the negotiation.
 * Handlers run on the connection's context.
 */
public final class PeerStream implements ReadStream<Buffer>, WriteStream<Buffer> {
  private final String protocol;
  private final PeerConnection connection;
  private final YamuxStream stream;
  private final ReadStream<Buffer> input;

  PeerStream(String protocol, PeerConnection connection, YamuxStream stream, ReadStream<Buffer> input) {
    this.protocol = protocol;
    this.connection = connection;
    this.stream = stream;
    this.input = input;
  }

  /** @return the agreed protocol id */
  public String protocol() {
    return protocol;
  }

  /** @return the connection that carries this stream */
  public PeerConnection connection() {
    return connection;
  }

  /** @return the authenticated peer at the other end */
  public PeerId remotePeerId() {
    return connection.remotePeerId();
  }

  /** @return whether this side opened the stream */
  public boolean isOutbound() {
    return stream.isOutbound();
  }

  /** Resets the stream (yamux RST): both directions end at once, queued writes fail. */
  public void reset() {
    stream.reset();
  }

  /** Called once when the stream is done: both sides closed, reset, or the connection ended. */
  public PeerStream closeHandler(Handler<Void> handler) {
    stream.closeHandler(handler);
    return this;
  }

  @Override
  public PeerStream exceptionHandler(Handler<Throwable> handler) {
    input.exceptionHandler(handler);
    return this;
  }

  @Override
  public PeerStream handler(Handler<Buffer> handler) {
    input.handler(handler);
    return this;
  }

  @Override
  public PeerStream pause() {
    input.pause();
    return this;
  }

  @Override
  public PeerStream resume() {
    input.resume();
    return this;
  }

  @Override
  public PeerStream fetch(long amount) {
    input.fetch(amount);
    return this;
  }

  @Override
  public PeerStream endHandler(Handler<Void> endHandler) {
    input.endHandler(endHandler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    return stream.write(data);
  }

  /** Half-closes the stream (FIN) after the queued data; the peer may still send. */
  @Override
  public Future<Void> end() {
    return stream.end();
  }

  @Override
  public PeerStream setWriteQueueMaxSize(int maxSize) {
    stream.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return stream.writeQueueFull();
  }

  @Override
  public PeerStream drainHandler(Handler<Void> handler) {
    stream.drainHandler(handler);
    return this;
  }

  @Override
  public String toString() {
    return protocol + " stream " + Integer.toUnsignedString(stream.id()) + " with " + connection.remotePeerId();
  }
}
