package org.zennet.protocol.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import org.zennet.protocol.yamux.YamuxStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.varint.UnsignedVarint;
import org.zennet.protocol.varint.VarintException;

/**
 * Reads length-prefixed protobuf messages from a byte stream. Use it either as a
 * {@code ReadStream<T>} (handler, pause, fetch) or one message at a time with {@link #next()}.
 *
 * <p>The length prefix is checked against {@link WireConfig#maxMessageSize()} before any byte of
 * the message is buffered. A violation (oversized, bad varint, unparsable message, stream ending
 * inside a message) is reported as a {@link WireException} to the exception handler or the pending
 * {@link #next()}, reading stops, and when the stream is a {@link YamuxStream} it is reset.
 *
 * <p>Back-pressure: while parsed messages wait for a reader the underlying stream is paused, so at
 * most one message plus one incoming chunk is buffered. Call it on the stream's context.
 *
 * @param <T> the message type
 */
public final class MessageReader<T extends MessageLite> implements ReadStream<T> {
  private static final Logger LOG = LoggerFactory.getLogger(MessageReader.class);

  private final ReadStream<Buffer> in;
  private final Parser<T> parser;
  private final int maxMessageSize;
  private final ArrayDeque<T> queue = new ArrayDeque<>();

  private Buffer pending = Buffer.buffer();
  private long expected = -1;
  private boolean ended;
  private boolean endDelivered;
  private Throwable failure;
  private boolean upstreamPaused;
  private boolean delivering;
  private long demand = Long.MAX_VALUE;
  private Handler<T> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Promise<T> waiter;

  private final Handler<WireException> onViolation;

  private MessageReader(ReadStream<Buffer> in, Parser<T> parser, WireConfig config, Handler<WireException> onViolation) {
    this.in = in;
    this.onViolation = onViolation;
    this.parser = parser;
    this.maxMessageSize = config.maxMessageSize();
    in.handler(this::onData);
    in.endHandler(v -> onEnd());
    in.exceptionHandler(this::onUpstreamFailure);
  }

  /**
   * A reader of {@code parser}'s messages from {@code in}; it takes over {@code in}'s handlers.
   *
   * @param parser the message type's parser, e.g. {@code TaskMessage.parser()}
   */
  public static <T extends MessageLite> MessageReader<T> create(
      ReadStream<Buffer> in, Parser<T> parser, WireConfig config) {
    return new MessageReader<>(in, parser, config, e -> {
      if (in instanceof YamuxStream stream) {
        stream.reset();
      }
    });
  }

  /**
   * A reader that calls {@code onViolation} (before the exception handler or pending {@link #next()}
   * hear of it) when the peer breaks the framing, instead of resetting a {@link YamuxStream}: for
   * streams that wrap one, such as a negotiated stream of a host, which then reset it themselves.
   */
  public static <T extends MessageLite> MessageReader<T> create(
      ReadStream<Buffer> in, Parser<T> parser, WireConfig config, Handler<WireException> onViolation) {
    return new MessageReader<>(in, parser, config, onViolation);
  }

  /**
   * The next message. Fails with {@link StreamEndedException} when the stream ends first, or with
   * the {@link WireException} that stopped reading. Only one call may be pending, and not while a
   * handler is set.
   */
  public Future<T> next() {
    if (waiter != null) {
      return Future.failedFuture(new IllegalStateException("a next() call is already pending"));
    }
    if (handler != null) {
      return Future.failedFuture(new IllegalStateException("next() cannot be used while a handler is set"));
    }
    if (!queue.isEmpty()) {
      T message = queue.poll();
      updateUpstream();
      return Future.succeededFuture(message);
    }
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (ended) {
      return Future.failedFuture(new StreamEndedException("the stream ended before the next message"));
    }
    waiter = Promise.promise();
    Future<T> result = waiter.future();
    updateUpstream();
    return result;
  }

  /** The length prefix at {@code pos}, or null when more bytes are needed. */
  private static UnsignedVarint.Decoded decodePrefix(Buffer pending, int pos) throws MalformedMessageException {
    try {
      return UnsignedVarint.tryDecode(pending, pos);
    } catch (VarintException e) {
      throw new MalformedMessageException("bad length prefix: " + e.getMessage(), e);
    }
  }

  private void onData(Buffer chunk) {
    if (failure != null || ended) {
      return;
    }
    pending.appendBuffer(chunk);
    int pos = 0;
    try {
      while (true) {
        if (expected < 0) {
          UnsignedVarint.Decoded prefix = decodePrefix(pending, pos);
          if (prefix == null) {
            break;
          }
          long length = prefix.value();
          if (length > maxMessageSize) {
            throw new MessageTooLargeException("announced message", length, maxMessageSize);
          }
          expected = length;
          pos += prefix.length();
        }
        if (pending.length() - pos < expected) {
          break;
        }
        int end = pos + (int) expected;
        byte[] bytes = pending.getBytes(pos, end);
        pos = end;
        expected = -1;
        try {
          queue.add(parser.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
          throw new MalformedMessageException("message does not parse: " + e.getMessage(), e);
        }
      }
    } catch (WireException e) {
      fail(e);
      return;
    }
    if (pos > 0) {
      pending = pending.getBuffer(pos, pending.length());
    }
    deliver();
  }

  private void onEnd() {
    if (failure != null || ended) {
      return;
    }
    ended = true;
    if (expected >= 0 || pending.length() > 0) {
      fail(new MalformedMessageException("the stream ended inside a message"));
      return;
    }
    deliver();
  }

  private void onUpstreamFailure(Throwable cause) {
    if (failure == null) {
      failure = cause;
      queue.clear();
      report(cause);
    }
  }

  private void fail(WireException e) {
    LOG.debug("stopping message reader: {}", e.getMessage());
    failure = e;
    queue.clear();
    pending = Buffer.buffer();
    in.handler(null);
    onViolation.handle(e);
    report(e);
  }

  private void report(Throwable cause) {
    if (waiter != null) {
      Promise<T> w = waiter;
      waiter = null;
      w.fail(cause);
    } else if (exceptionHandler != null) {
      exceptionHandler.handle(cause);
    }
  }

  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (!queue.isEmpty()) {
        if (waiter != null) {
          Promise<T> w = waiter;
          waiter = null;
          w.complete(queue.poll());
        } else if (handler != null && demand > 0) {
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          handler.handle(queue.poll());
        } else {
          break;
        }
      }
      if (queue.isEmpty() && ended && failure == null && !endDelivered) {
        if (waiter != null) {
          Promise<T> w = waiter;
          waiter = null;
          w.fail(new StreamEndedException("the stream ended before the next message"));
        }
        if (endHandler != null) {
          endDelivered = true;
          endHandler.handle(null);
        }
      }
    } finally {
      delivering = false;
    }
    updateUpstream();
  }

  private void updateUpstream() {
    if (failure != null || ended) {
      return;
    }
    boolean shouldPause = !queue.isEmpty();
    if (shouldPause != upstreamPaused) {
      upstreamPaused = shouldPause;
      if (shouldPause) {
        in.pause();
      } else {
        in.resume();
      }
    }
  }

  @Override
  public MessageReader<T> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public MessageReader<T> handler(Handler<T> handler) {
    this.handler = handler;
    if (handler != null) {
      deliver();
    }
    return this;
  }

  @Override
  public MessageReader<T> pause() {
    demand = 0;
    return this;
  }

  @Override
  public MessageReader<T> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public MessageReader<T> fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("fetch amount must not be negative: " + amount);
    }
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    deliver();
    return this;
  }

  @Override
  public MessageReader<T> endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    if (handler != null) {
      deliver();
    }
    return this;
  }
}
