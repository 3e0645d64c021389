package org.zennet.protocol.wire;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.security.MessageDigest;
import java.util.function.Function;
import org.zennet.protocol.wire.messages.PayloadChunk;

/**
 * Sends a large payload as {@link PayloadChunk}s of a fixed size, the last one flagged. The source
 * is paused while a chunk is being written, so only about one chunk is held in memory.
 */
public final class PayloadSender {
  private PayloadSender() {}

  /**
   * Streams everything {@code source} produces.
   *
   * @param chunkSize the data per chunk (see {@link WireConfig#chunkSize()})
   * @param writeChunk writes one chunk, wrapped in the protocol's envelope message; its future
   *     completing lets the next chunk go
   * @return the SHA-256 of the bytes sent, once the last chunk was written
   */
  public static Future<byte[]> send(ReadStream<Buffer> source, int chunkSize,
      Function<PayloadChunk, Future<Void>> writeChunk) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
    }
    return new Transfer(source, chunkSize, writeChunk).start();
  }

  /** Sends {@code payload}, already in memory, as chunks. */
  public static Future<byte[]> send(Buffer payload, int chunkSize,
      Function<PayloadChunk, Future<Void>> writeChunk) {
    MessageDigest digest = PayloadReceiver.sha256();
    digest.update(payload.getBytes());
    byte[] sha256 = digest.digest();
    Future<Void> chain = Future.succeededFuture();
    int offset = 0;
    do {
      int end = Math.min(payload.length(), offset + chunkSize);
      PayloadChunk chunk = PayloadChunk.newBuilder()
          .setData(ByteString.copyFrom(payload.getBytes(offset, end)))
          .setLast(end == payload.length())
          .build();
      chain = chain.compose(v -> writeChunk.apply(chunk));
      offset = end;
    } while (offset < payload.length());
    return chain.map(v -> sha256);
  }

  private static final class Transfer {
    private final ReadStream<Buffer> source;
    private final int chunkSize;
    private final Function<PayloadChunk, Future<Void>> writeChunk;
    private final MessageDigest digest = PayloadReceiver.sha256();
    private final Promise<byte[]> result = Promise.promise();
    private Buffer carry = Buffer.buffer();
    private Future<Void> lastWrite = Future.succeededFuture();

    Transfer(ReadStream<Buffer> source, int chunkSize, Function<PayloadChunk, Future<Void>> writeChunk) {
      this.source = source;
      this.chunkSize = chunkSize;
      this.writeChunk = writeChunk;
    }

    Future<byte[]> start() {
      source.exceptionHandler(result::tryFail);
      source.endHandler(v -> {
        emit(carry, true);
        carry = Buffer.buffer();
        lastWrite.onSuccess(w -> result.tryComplete(digest.digest())).onFailure(result::tryFail);
      });
      source.handler(this::onData);
      return result.future();
    }

    private void onData(Buffer data) {
      digest.update(data.getBytes());
      carry.appendBuffer(data);
      int offset = 0;
      while (carry.length() - offset >= chunkSize) {
        emit(carry.getBuffer(offset, offset + chunkSize), false);
        offset += chunkSize;
      }
      carry = carry.getBuffer(offset, carry.length());
      if (!lastWrite.isComplete()) {
        source.pause();
        lastWrite.onComplete(ar -> {
          if (ar.succeeded()) {
            source.resume();
          } else {
            result.tryFail(ar.cause());
          }
        });
      }
    }

    private void emit(Buffer data, boolean last) {
      PayloadChunk chunk = PayloadChunk.newBuilder()
          .setData(ByteString.copyFrom(data.getBytes()))
          .setLast(last)
          .build();
      lastWrite = writeChunk.apply(chunk);
    }
  }
}
