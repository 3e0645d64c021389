package org.zennet.protocol.wire;

import com.google.protobuf.MessageLite;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import org.zennet.protocol.varint.UnsignedVarint;

/**
 * Writes protobuf messages to a byte stream, each as an unsigned-varint length prefix followed by
 * the message. Back-pressure is the underlying stream's: {@link #writeQueueFull()} and
 * {@link #drainHandler} pass through.
 *
 * @param <T> the message type
 */
public final class MessageWriter<T extends MessageLite> implements WriteStream<T> {
  private final WriteStream<Buffer> out;
  private final WireConfig config;

  private MessageWriter(WriteStream<Buffer> out, WireConfig config) {
    this.out = out;
    this.config = config;
  }

  /** A writer of length-prefixed messages to {@code out}. */
  public static <T extends MessageLite> MessageWriter<T> create(WriteStream<Buffer> out, WireConfig config) {
    return new MessageWriter<>(out, config);
  }

  /** The framed bytes of {@code message}: varint length, then the message. */
  public static Buffer frame(MessageLite message, int maxMessageSize) throws MessageTooLargeException {
    int size = message.getSerializedSize();
    if (size > maxMessageSize) {
      throw new MessageTooLargeException("message " + message.getClass().getSimpleName(), size, maxMessageSize);
    }
    Buffer framed = Buffer.buffer(UnsignedVarint.encodedLength(size) + size);
    UnsignedVarint.append(framed, size);
    return framed.appendBytes(message.toByteArray());
  }

  /** Writes one message; fails with {@link MessageTooLargeException} when it exceeds the limit. */
  @Override
  public Future<Void> write(T message) {
    try {
      return out.write(frame(message, config.maxMessageSize()));
    } catch (MessageTooLargeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> end() {
    return out.end();
  }

  @Override
  public MessageWriter<T> exceptionHandler(Handler<Throwable> handler) {
    out.exceptionHandler(handler);
    return this;
  }

  @Override
  public MessageWriter<T> setWriteQueueMaxSize(int maxSize) {
    out.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return out.writeQueueFull();
  }

  @Override
  public MessageWriter<T> drainHandler(Handler<Void> handler) {
    out.drainHandler(handler);
    return this;
  }
}
