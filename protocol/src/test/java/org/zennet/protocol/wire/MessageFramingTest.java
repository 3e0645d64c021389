package org.zennet.protocol.wire;

import org.zennet.protocol.varint.UnsignedVarint;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.protocol.yamux.YamuxConfig;
import org.zennet.protocol.yamux.YamuxSession;
import org.zennet.protocol.yamux.YamuxStream;

@ExtendWith(VertxExtension.class)
class MessageFramingTest {

  /** A byte source the test pushes synchronously. */
  static final class Source implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> endHandler;
    boolean paused;

    void push(Buffer bytes) {
      handler.handle(bytes);
    }

    @Override
    public Source exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Source handler(Handler<Buffer> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public Source pause() {
      paused = true;
      return this;
    }

    @Override
    public Source resume() {
      paused = false;
      return this;
    }

    @Override
    public Source fetch(long amount) {
      return resume();
    }

    @Override
    public Source endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }
  }

  /** Swallows what it is given. */
  static final class Sink implements io.vertx.core.streams.WriteStream<Buffer> {
    final Buffer written = Buffer.buffer();

    @Override
    public Sink exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      written.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public Sink setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public Sink drainHandler(Handler<Void> handler) {
      return this;
    }
  }

  private static Buffer framed(List<MessageLite> messages) throws Exception {
    Buffer all = Buffer.buffer();
    for (MessageLite m : messages) {
      all.appendBuffer(MessageWriter.frame(m, WireConfig.DEFAULT_MAX_MESSAGE_SIZE));
    }
    return all;
  }

  @Test
  void readsMessagesSplitAtEveryByte() throws Exception {
    List<MessageLite> sent = ProtobufRoundTripTest.samples().stream()
        .filter(m -> m instanceof TaskMessage).toList();
    Buffer bytes = framed(sent);
    for (int chunk = 1; chunk < 40; chunk++) {
      Source source = new Source();
      MessageReader<TaskMessage> reader = MessageReader.create(source, TaskMessage.parser(), WireConfig.DEFAULT);
      List<TaskMessage> received = new ArrayList<>();
      reader.handler(received::add);
      for (int at = 0; at < bytes.length(); at += chunk) {
        source.push(bytes.getBuffer(at, Math.min(bytes.length(), at + chunk)));
      }
      assertThat(received).containsExactlyElementsOf(sent.stream().map(TaskMessage.class::cast).toList());
    }
  }

  @Test
  void aHugeLengthPrefixIsRejectedBeforeAnythingIsAllocated() {
    Source source = new Source();
    MessageReader<PayMessage> reader = MessageReader.create(source, PayMessage.parser(), WireConfig.DEFAULT);
    List<Throwable> errors = new ArrayList<>();
    reader.exceptionHandler(errors::add);
    source.push(Buffer.buffer(UnsignedVarint.encode(1L << 60)));
    assertThat(errors).singleElement().isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
      assertThat(e.size()).isEqualTo(1L << 60);
      assertThat(e.limit()).isEqualTo(WireConfig.DEFAULT_MAX_MESSAGE_SIZE);
    });
    assertThat(source.handler).isNull(); // reading stopped
  }

  @Test
  void nextReturnsMessagesInOrderThenReportsTheEnd() throws Exception {
    Source source = new Source();
    MessageReader<PayMessage> reader = MessageReader.create(source, PayMessage.parser(), WireConfig.DEFAULT);
    List<MessageLite> pay = ProtobufRoundTripTest.samples().stream().filter(m -> m instanceof PayMessage).toList();
    source.push(framed(pay));
    assertThat(source.paused).isTrue(); // parsed messages wait: the source is held back
    assertThat(reader.next().result()).isEqualTo(pay.get(0));
    assertThat(reader.next().result()).isEqualTo(pay.get(1));
    assertThat(source.paused).isFalse();
    Future<PayMessage> pending = reader.next();
    assertThat(pending.isComplete()).isFalse();
    source.endHandler.handle(null);
    assertThat(pending.cause()).isInstanceOf(StreamEndedException.class);
  }

  @Test
  void aStreamEndingInsideAMessageIsMalformed() throws Exception {
    Source source = new Source();
    MessageReader<PayMessage> reader = MessageReader.create(source, PayMessage.parser(), WireConfig.DEFAULT);
    Future<PayMessage> next = reader.next();
    Buffer one = framed(List.of(ProtobufRoundTripTest.samples().stream().filter(m -> m instanceof PayMessage).findFirst().orElseThrow()));
    source.push(one.getBuffer(0, one.length() - 1));
    source.endHandler.handle(null);
    assertThat(next.cause()).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void theWriterRefusesAnOversizedMessage() {
    WireConfig small = new WireConfig(100, 64, 1000);
    TaskMessage big = (TaskMessage) ProtobufRoundTripTest.samples().stream()
        .filter(m -> m instanceof TaskMessage t && t.hasChunk()).findFirst().orElseThrow();
    Sink sink = new Sink();
    MessageWriter<TaskMessage> writer = MessageWriter.create(sink, small);
    assertThat(writer.write(big).cause()).isInstanceOf(MessageTooLargeException.class);
    assertThat(sink.written.length()).isZero();
  }

  @Property(tries = 3000)
  void arbitraryBytesYieldMessagesOrATypedErrorOnly(@ForAll @Size(max = 2000) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 300) int chunk) {
    Source source = new Source();
    MessageReader<TaskMessage> reader = MessageReader.create(source, TaskMessage.parser(), new WireConfig(1024, 512, 4096));
    List<Throwable> errors = new ArrayList<>();
    reader.exceptionHandler(errors::add);
    reader.handler(m -> {});
    for (int at = 0; at < bytes.length && source.handler != null; at += chunk) {
      source.push(Buffer.buffer(bytes).getBuffer(at, Math.min(bytes.length, at + chunk)));
    }
    if (source.handler != null) {
      source.endHandler.handle(null);
    }
    assertThat(errors).allMatch(e -> e instanceof WireException).hasSizeLessThanOrEqualTo(1);
  }

  @Property(tries = 2000)
  void mutatedFramesYieldMessagesOrATypedErrorOnly(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    byte[] bytes = framed(ProtobufRoundTripTest.samples().stream().filter(m -> m instanceof TaskMessage).toList()).getBytes();
    for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    Source source = new Source();
    MessageReader<TaskMessage> reader = MessageReader.create(source, TaskMessage.parser(), WireConfig.DEFAULT);
    List<Throwable> errors = new ArrayList<>();
    reader.exceptionHandler(errors::add);
    reader.handler(m -> {});
    source.push(Buffer.buffer(bytes));
    if (source.handler != null) {
      source.endHandler.handle(null);
    }
    assertThat(errors).allMatch(e -> e instanceof WireException);
  }

  @Test
  void messagesFlowOverAYamuxStreamAndAnOversizedPrefixResetsIt(Vertx vertx, VertxTestContext test) {
    MemoryPipe.Pair pipe = MemoryPipe.create(vertx);
    YamuxConfig config = YamuxConfig.DEFAULT.withKeepAliveInterval(Duration.ZERO);
    YamuxSession server = YamuxSession.server(vertx, pipe.right(), pipe.right(), config);
    YamuxSession client = YamuxSession.client(vertx, pipe.left(), pipe.left(), config);
    List<MessageLite> sent = ProtobufRoundTripTest.samples().stream().filter(m -> m instanceof TaskMessage).toList();
    Checkpoint allRead = test.checkpoint();
    Checkpoint reset = test.checkpoint();
    int[] stream = {0};
    server.streamHandler(s -> {
      MessageReader<TaskMessage> reader = MessageReader.create(s, TaskMessage.parser(), WireConfig.DEFAULT);
      if (stream[0]++ == 0) {
        List<TaskMessage> received = new ArrayList<>();
        reader.handler(received::add);
        reader.endHandler(v -> test.verify(() -> {
          assertThat(received).containsExactlyElementsOf(sent.stream().map(TaskMessage.class::cast).toList());
          allRead.flag();
        }));
      } else {
        reader.next().onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).isInstanceOf(MessageTooLargeException.class);
        })));
      }
    });
    client.openStream().onComplete(test.succeeding(s -> {
      MessageWriter<TaskMessage> writer = MessageWriter.create(s, WireConfig.DEFAULT);
      Future<Void> last = Future.succeededFuture();
      for (MessageLite m : sent) {
        last = writer.write((TaskMessage) m);
      }
      last.compose(v -> writer.end()).onFailure(test::failNow);
    }));
    client.openStream().onComplete(test.succeeding(s -> {
      s.exceptionHandler(e -> test.verify(() -> {
        assertThat(e).hasMessageContaining("reset by the peer");
        reset.flag();
      }));
      s.write(Buffer.buffer(UnsignedVarint.encode(1L << 60)));
    }));
  }
}
