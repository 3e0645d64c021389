package org.zennet.protocol.wire;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.zennet.protocol.wire.messages.PayloadChunk;

/**
 * Receives a large payload announced with its size and SHA-256, chunk by chunk, into a sink. The
 * size is checked as chunks arrive (never more than announced, never more than the cap) and the
 * digest when the last chunk arrives; only the sink holds the bytes.
 */
public final class PayloadReceiver {
  private final long announcedSize;
  private final byte[] expectedSha256;
  private final WriteStream<Buffer> sink;
  private final MessageDigest digest = sha256();
  private final Promise<Void> completion = Promise.promise();
  private long received;
  private boolean finished;

  private PayloadReceiver(long announcedSize, byte[] expectedSha256, WriteStream<Buffer> sink) {
    this.announcedSize = announcedSize;
    this.expectedSha256 = expectedSha256.clone();
    this.sink = sink;
  }

  /**
   * A receiver that writes into {@code sink} (a file, another stream).
   *
   * @throws MessageTooLargeException when the announced size exceeds {@code maxSize}
   */
  public static PayloadReceiver toSink(long announcedSize, byte[] expectedSha256, long maxSize,
      WriteStream<Buffer> sink) throws MessageTooLargeException {
    if (announcedSize < 0 || announcedSize > maxSize) {
      throw new MessageTooLargeException("announced payload", announcedSize, maxSize);
    }
    if (expectedSha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + expectedSha256.length);
    }
    return new PayloadReceiver(announcedSize, expectedSha256, sink);
  }

  /**
   * A receiver that assembles the payload in memory, at most {@link WireConfig#maxInMemoryPayload()}.
   * Read the bytes from {@link InMemory#bytes()} once {@link #completion()} succeeded.
   */
  public static InMemory inMemory(long announcedSize, byte[] expectedSha256, WireConfig config)
      throws MessageTooLargeException {
    MemorySink sink = new MemorySink();
    return new InMemory(toSink(announcedSize, expectedSha256, config.maxInMemoryPayload(), sink), sink);
  }

  /** A payload assembled in memory. */
  public record InMemory(PayloadReceiver receiver, MemorySink sink) {
    /** The payload; complete once {@code receiver().completion()} succeeded. */
    public Buffer bytes() {
      return sink.bytes;
    }
  }

  /**
   * Takes the next chunk. The returned future is the sink's write (wait for it before fetching more
   * to keep the sink's back-pressure). A violation fails both it and {@link #completion()}:
   * {@link MessageTooLargeException} past the announced size, {@link MalformedMessageException} after
   * the last chunk, {@link PayloadHashMismatchException} when the last chunk leaves the size or the
   * digest short of what was announced.
   */
  public Future<Void> accept(PayloadChunk chunk) {
    if (finished) {
      return failWith(new MalformedMessageException("a chunk arrived after the last one"));
    }
    ByteString data = chunk.getData();
    if (received + data.size() > announcedSize) {
      return failWith(new MessageTooLargeException("payload", received + data.size(), announcedSize));
    }
    received += data.size();
    data.asReadOnlyByteBufferList().forEach(digest::update);
    Future<Void> write = data.isEmpty() ? Future.succeededFuture() : sink.write(Buffer.buffer(data.toByteArray()));
    if (!chunk.getLast()) {
      return write;
    }
    finished = true;
    if (received != announcedSize) {
      return failWith(new PayloadHashMismatchException(
          "payload ended after " + received + " bytes but " + announcedSize + " were announced"));
    }
    byte[] actual = digest.digest();
    if (!Arrays.equals(actual, expectedSha256)) {
      return failWith(new PayloadHashMismatchException(expectedSha256, actual));
    }
    Future<Void> done = write.compose(v -> sink.end());
    done.onComplete(completion);
    return done;
  }

  /** Succeeds when the last chunk arrived, matched size and digest, and the sink ended. */
  public Future<Void> completion() {
    return completion.future();
  }

  /** Bytes received so far. */
  public long received() {
    return received;
  }

  private Future<Void> failWith(WireException e) {
    finished = true;
    completion.tryFail(e);
    return Future.failedFuture(e);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The in-memory sink; its size is bounded by the receiver's checks. */
  public static final class MemorySink implements WriteStream<Buffer> {
    private final Buffer bytes = Buffer.buffer();

    private MemorySink() {}

    @Override
    public MemorySink exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      bytes.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public MemorySink setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public MemorySink drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
