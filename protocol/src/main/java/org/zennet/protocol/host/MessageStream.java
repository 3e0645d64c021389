package org.zennet.protocol.host;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.wire.MessageReader;
import org.zennet.protocol.wire.MessageWriter;
import org.zennet.protocol.wire.WireConfig;

/**
 * Length-prefixed protobuf messages over a {@link PeerStream}: {@code I} in, {@code O} out. A peer that
 * breaks the framing (a length above {@link WireConfig#maxMessageSize()}, a bad varint, an unparsable
 * message, an end inside a message) gets its stream reset and a logged reason.
 *
 * @param <I> the messages read
 * @param <O> the messages written
 */
public final class MessageStream<I extends MessageLite, O extends MessageLite> {
  private static final Logger LOG = LoggerFactory.getLogger(MessageStream.class);

  private final PeerStream stream;
  private final MessageReader<I> reader;
  private final MessageWriter<O> writer;

  private MessageStream(PeerStream stream, Parser<I> parser, WireConfig config) {
    this.stream = stream;
    this.reader = MessageReader.create(stream, parser, config, e -> {
      LOG.info("Reset {}: {}", stream, e.getMessage());
      stream.reset();
    });
    this.writer = MessageWriter.create(stream, config);
  }

  /** Messages of {@code parser}'s type in, {@code O} out, over {@code stream}; takes over its handlers. */
  public static <I extends MessageLite, O extends MessageLite> MessageStream<I, O> over(
      PeerStream stream, Parser<I> parser, WireConfig config) {
    return new MessageStream<>(stream, parser, config);
  }

  /** @return the stream underneath */
  public PeerStream stream() {
    return stream;
  }

  /** @return the reader, to use as a {@code ReadStream<I>} */
  public MessageReader<I> reader() {
    return reader;
  }

  /** @return the writer, to use as a {@code WriteStream<O>} */
  public MessageWriter<O> writer() {
    return writer;
  }

  /** @return the next message (see {@link MessageReader#next()}) */
  public Future<I> next() {
    return reader.next();
  }

  /** Writes one message. */
  public Future<Void> write(O message) {
    return writer.write(message);
  }

  /** Half-closes the stream after the queued messages. */
  public Future<Void> end() {
    return writer.end();
  }
}
