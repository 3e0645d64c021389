package org.zennet.protocol.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zennet.protocol.multistream.MultistreamException.Reason;

@ExtendWith(VertxExtension.class)
class MultistreamSelectTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final MultistreamConfig CONFIG = MultistreamConfig.DEFAULT;
  private Context context;

  @BeforeEach
  void context(Vertx vertx) {
    context = vertx.getOrCreateContext();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) {
    Throwable t = catchThrowable(() -> await(f));
    return t.getCause();
  }

  private Future<Negotiated> onContext(java.util.function.Supplier<Future<Negotiated>> s) {
    io.vertx.core.Promise<Negotiated> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> s.get().onComplete(p));
    return p.future();
  }

  @Test
  void naIsEncodedAsInTheSpec() {
    assertThat(HEX.formatHex(LineReader.frame("na").getBytes())).isEqualTo("036e610a");
    assertThat(HEX.formatHex(LineReader.frame("ls").getBytes())).isEqualTo("036c730a");
  }

  @Test
  void dialerAndListenerAgree() throws Exception {
    MemoryDuplex[] pipe = MemoryDuplex.pair(context);
    Future<Negotiated> listener = onContext(() -> MultistreamSelect.listen(pipe[1], pipe[1], List.of("/yamux/1.0.0"), CONFIG));
    Future<Negotiated> dialer = onContext(() -> MultistreamSelect.select(pipe[0], pipe[0], List.of("/yamux/1.0.0"), CONFIG));
    assertThat(await(dialer).protocol()).isEqualTo("/yamux/1.0.0");
    assertThat(await(listener).protocol()).isEqualTo("/yamux/1.0.0");
    // the dialer pipelines header and proposal in one write, as the spec recommends
    assertThat(pipe[0].written().get(0)).isEqualTo(Buffer.buffer().appendBuffer(LineReader.frame("/multistream/1.0.0")).appendBuffer(LineReader.frame("/yamux/1.0.0")));
  }

  @Test
  void dialerFallsBackToItsSecondProposalAfterNa() throws Exception {
    MemoryDuplex[] pipe = MemoryDuplex.pair(context);
    Future<Negotiated> listener = onContext(() -> MultistreamSelect.listen(pipe[1], pipe[1], List.of("/mplex/6.7.0", "/yamux/1.0.0"), CONFIG));
    Future<Negotiated> dialer = onContext(() -> MultistreamSelect.select(pipe[0], pipe[0], List.of("/noise", "/yamux/1.0.0"), CONFIG));
    assertThat(await(dialer).protocol()).isEqualTo("/yamux/1.0.0");
    assertThat(await(listener).protocol()).isEqualTo("/yamux/1.0.0");
    assertThat(pipe[1].allWritten()).isEqualTo(LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("na")).appendBuffer(LineReader.frame("/yamux/1.0.0")));
  }

  @Test
  void dialerFailsWhenNothingIsSupported() {
    MemoryDuplex[] pipe = MemoryDuplex.pair(context);
    onContext(() -> MultistreamSelect.listen(pipe[1], pipe[1], List.of("/a"), CONFIG));
    Throwable t = failure(onContext(() -> MultistreamSelect.select(pipe[0], pipe[0], List.of("/b", "/c"), CONFIG)));
    assertThat(t).isInstanceOf(MultistreamException.class);
    assertThat(((MultistreamException) t).reason()).isEqualTo(Reason.NO_PROTOCOL_AGREED);
  }

  @Test
  void listenerRefusesAnOversizedLineBeforeBufferingIt() {
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/a"), CONFIG));
    end.inject(LineReader.frame("/multistream/1.0.0").appendBytes(HEX.parseHex("8080808080808080" + "10"))); // 2^60
    Throwable t = failure(f);
    assertThat(((MultistreamException) t).reason()).isEqualTo(Reason.LINE_TOO_LONG);

    MemoryDuplex end2 = MemoryDuplex.lone(context);
    Future<Negotiated> f2 = onContext(() -> MultistreamSelect.listen(end2, end2, List.of("/a"), CONFIG));
    end2.inject(LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("/" + "x".repeat(1100))));
    assertThat(((MultistreamException) failure(f2)).reason()).isEqualTo(Reason.LINE_TOO_LONG);
  }

  @Test
  void garbageIsRejected() {
    List<Buffer> garbage = List.of(
        Buffer.buffer("GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\nConnection: close\r\n\r\n"),
        LineReader.frame("/multistream/2.0.0"),
        Buffer.buffer().appendByte((byte) 3).appendString("abc"), // no newline
        Buffer.buffer(HEX.parseHex("8000")), // non-minimal varint
        Buffer.buffer(HEX.parseHex("00")),
        Buffer.buffer().appendByte((byte) 3).appendBytes(HEX.parseHex("ff fe 0a".replace(" ", ""))));
    for (Buffer g : garbage) {
      MemoryDuplex end = MemoryDuplex.lone(context);
      Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/a"), CONFIG));
      end.inject(g);
      assertThat(((MultistreamException) failure(f)).reason()).as(g.toString()).isEqualTo(Reason.PROTOCOL_ERROR);
    }
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.select(end, end, List.of("/a"), CONFIG));
    end.inject(LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("/b")));
    assertThat(((MultistreamException) failure(f)).reason()).isEqualTo(Reason.PROTOCOL_ERROR);
  }

  @Test
  void listenerLimitsTheNumberOfProposals() {
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/a"), new MultistreamConfig(1024, 3)));
    Buffer b = LineReader.frame("/multistream/1.0.0");
    for (int i = 0; i < 4; i++) {
      b.appendBuffer(LineReader.frame("/x" + i));
    }
    end.inject(b);
    assertThat(((MultistreamException) failure(f)).reason()).isEqualTo(Reason.TOO_MANY_PROPOSALS);
  }

  @Test
  void endOfStreamFailsTheNegotiation() {
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/a"), CONFIG));
    end.inject(LineReader.frame("/multistream/1.0.0"));
    end.injectEnd();
    assertThat(((MultistreamException) failure(f)).reason()).isEqualTo(Reason.CLOSED);
  }

  @Test
  void listenerAnswersLsWithItsProtocols() throws Exception {
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/a", "/bb"), CONFIG));
    end.inject(LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("ls")).appendBuffer(LineReader.frame("/a")));
    assertThat(await(f).protocol()).isEqualTo("/a");
    Buffer listing = LineReader.frame("/a").appendBuffer(LineReader.frame("/bb")).appendString("\n");
    Buffer expected = LineReader.frame("/multistream/1.0.0")
        .appendByte((byte) listing.length()).appendBuffer(listing)
        .appendBuffer(LineReader.frame("/a"));
    assertThat(end.allWritten()).isEqualTo(expected);
  }

  @Test
  void splitReadsOneByteAtATime() throws Exception {
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/yamux/1.0.0"), CONFIG));
    Buffer all = LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("/yamux/1.0.0"));
    for (int i = 0; i < all.length(); i++) {
      end.inject(all.getBuffer(i, i + 1));
    }
    Negotiated n = await(f);
    assertThat(n.protocol()).isEqualTo("/yamux/1.0.0");
    assertThat(n.remainder().length()).isZero();
  }

  @Test
  void mergedReadsHandOverEveryByteAfterTheNegotiationInOrder() throws Exception {
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/echo"), CONFIG));
    // a lazy dialer: header, proposal and its first data in one packet, then more data
    end.inject(LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("/echo")).appendString("hello "));
    end.inject(Buffer.buffer("world"));
    Negotiated n = await(f);
    assertThat(n.remainder().toString()).isEqualTo("hello ");
    List<String> got = new ArrayList<>();
    io.vertx.core.Promise<Void> both = io.vertx.core.Promise.promise();
    context.runOnContext(v -> n.stream(end).handler(b -> {
      got.add(b.toString());
      if (got.size() == 2) {
        both.complete();
      }
    }));
    await(both.future());
    assertThat(String.join("", got)).isEqualTo("hello world");
  }

  @Test
  void handedOverStreamRespectsFetchOneBufferAtATime() throws Exception {
    MemoryDuplex end = MemoryDuplex.lone(context);
    Future<Negotiated> f = onContext(() -> MultistreamSelect.listen(end, end, List.of("/echo"), CONFIG));
    end.inject(LineReader.frame("/multistream/1.0.0").appendBuffer(LineReader.frame("/echo")).appendString("abc"));
    end.inject(Buffer.buffer("def"));
    end.inject(Buffer.buffer("ghi"));
    Negotiated n = await(f);
    List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicReference<io.vertx.core.streams.ReadStream<Buffer>> stream = new java.util.concurrent.atomic.AtomicReference<>();
    io.vertx.core.Promise<Void> first = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      stream.set(n.stream(end).pause());
      stream.get().handler(b -> {
        got.add(b.toString());
        first.tryComplete();
      });
      stream.get().fetch(1);
    });
    await(first.future());
    // a round trip through the context: nothing more arrives without demand
    await(onContextVoid());
    assertThat(got).containsExactly("abc");
    for (String expected : List.of("def", "ghi")) {
      io.vertx.core.Promise<Void> next = io.vertx.core.Promise.promise();
      int size = got.size();
      context.runOnContext(v -> {
        stream.get().handler(b -> {
          got.add(b.toString());
          next.tryComplete();
        });
        stream.get().fetch(1);
      });
      await(next.future());
      await(onContextVoid());
      assertThat(got).hasSize(size + 1).endsWith(expected);
    }
  }

  private Future<Void> onContextVoid() {
    io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> context.runOnContext(w -> p.complete()));
    return p.future();
  }

  @Test
  void negotiatesOverTcpLoopback(Vertx vertx, VertxTestContext test) {
    // the Vertx instance of VertxExtension closes its server and client after the test
    Checkpoint listenerAgreed = test.checkpoint();
    Checkpoint dialerAgreed = test.checkpoint();
    Checkpoint remainderArrived = test.checkpoint();
    NetServer server = vertx.createNetServer();
    NetClient client = vertx.createNetClient();
    server.connectHandler(socket -> MultistreamSelect.listen(socket, socket, List.of("/mplex/6.7.0", "/yamux/1.0.0"), CONFIG)
        .onComplete(test.succeeding(n -> test.verify(() -> {
          assertThat(n.protocol()).isEqualTo("/yamux/1.0.0");
          listenerAgreed.flag();
          Buffer received = Buffer.buffer();
          n.stream(socket).handler(b -> {
            received.appendBuffer(b);
            if (received.toString().equals("after")) {
              remainderArrived.flag();
            }
          });
        }))));
    server.listen(0, "127.0.0.1")
        .compose(s -> client.connect(s.actualPort(), "127.0.0.1"))
        .compose((NetSocket socket) -> MultistreamSelect.select(socket, socket, List.of("/noise", "/yamux/1.0.0"), CONFIG)
            .compose(n -> {
              test.verify(() -> assertThat(n.protocol()).isEqualTo("/yamux/1.0.0"));
              dialerAgreed.flag();
              return socket.write("after");
            }))
        .onFailure(test::failNow);
  }
}
