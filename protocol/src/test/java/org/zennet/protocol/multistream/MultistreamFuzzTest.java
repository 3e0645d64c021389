package org.zennet.protocol.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.zennet.protocol.identity.Mutations;

/** Random and mutated bytes, in random chunks, into the multistream listener and dialer. */
class MultistreamFuzzTest {

  /** A read/write stream driven synchronously by the test. */
  private static final class SyncStream implements ReadStream<Buffer>, WriteStream<Buffer> {
    Handler<Buffer> handler;
    long written;

    @Override public SyncStream exceptionHandler(Handler<Throwable> h) { return this; }
    @Override public SyncStream handler(Handler<Buffer> h) { handler = h; return this; }
    @Override public SyncStream pause() { return this; }
    @Override public SyncStream resume() { return this; }
    @Override public SyncStream fetch(long amount) { return this; }
    @Override public SyncStream endHandler(Handler<Void> h) { return this; }
    @Override public Future<Void> write(Buffer data) { written += data.length(); return Future.succeededFuture(); }
    @Override public Future<Void> end() { return Future.succeededFuture(); }
    @Override public SyncStream setWriteQueueMaxSize(int maxSize) { return this; }
    @Override public boolean writeQueueFull() { return false; }
    @Override public SyncStream drainHandler(Handler<Void> h) { return this; }
  }

  @Provide
  Arbitrary<byte[]> sessions() {
    Buffer ok = LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("/x")).appendBuffer(LineReader.frame("ls"))
        .appendBuffer(LineReader.frame("/yamux/1.0.0")).appendString("data");
    Buffer na = LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("na")).appendBuffer(LineReader.frame("/yamux/1.0.0"));
    return Mutations.of(ok.getBytes(), na.getBytes(), new byte[] {(byte) 0x80, (byte) 0x80, 1});
  }

  private static void feed(SyncStream s, byte[] bytes, int chunk) {
    for (int i = 0; i < bytes.length && s.handler != null; i += chunk) {
      s.handler.handle(Buffer.buffer(bytes).getBuffer(i, Math.min(bytes.length, i + chunk)));
    }
  }

  private static void check(Future<Negotiated> f) {
    if (f.failed()) {
      assertThat(f.cause()).isInstanceOf(MultistreamException.class);
    }
  }

  @Property(tries = 2000)
  void listenerFailsOnlyTyped(@ForAll("sessions") byte[] bytes, @ForAll @IntRange(min = 1, max = 40) int chunk) {
    SyncStream s = new SyncStream();
    Future<Negotiated> f = MultistreamSelect.listen(s, s, List.of("/yamux/1.0.0"), new MultistreamConfig(64, 4));
    feed(s, bytes, chunk);
    check(f);
    assertThat(s.written).isLessThan(4096);
  }

  @Property(tries = 2000)
  void dialerFailsOnlyTyped(@ForAll("sessions") byte[] bytes, @ForAll @IntRange(min = 1, max = 40) int chunk) {
    SyncStream s = new SyncStream();
    Future<Negotiated> f = MultistreamSelect.select(s, s, List.of("/x", "/yamux/1.0.0"), new MultistreamConfig(64, 4));
    feed(s, bytes, chunk);
    check(f);
  }

  @Property(tries = 2000)
  void randomBytesIntoTheLineReader(@ForAll byte[] bytes) {
    LineReader reader = new LineReader(1024);
    reader.append(Buffer.buffer(bytes));
    try {
      while (reader.next() != null) {
        // keep reading
      }
    } catch (MultistreamException expected) {
      // typed
    }
  }
}
