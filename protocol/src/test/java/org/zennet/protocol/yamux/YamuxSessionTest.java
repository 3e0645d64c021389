package org.zennet.protocol.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.protocol.yamux.Sessions.await;
import static org.zennet.protocol.yamux.Sessions.failure;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(VertxExtension.class)
class YamuxSessionTest {
  private static final YamuxConfig CONFIG = YamuxConfig.DEFAULT.withKeepAliveInterval(Duration.ZERO);

  private Vertx vertx;
  private Sessions sessions;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeEverything() {
    if (sessions != null) {
      sessions.close();
    }
    await(vertx.close());
  }

  /** Echoes every inbound stream back and half-closes when the peer did. */
  private static void echo(YamuxStream stream) {
    stream.handler(stream::write);
    stream.endHandler(v -> stream.end());
  }

  private static Buffer randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void manyConcurrentStreamsEchoTheirBytes(Sessions.Transport transport, VertxTestContext test) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    sessions.server.streamHandler(YamuxSessionTest::echo);
    int streams = 200;
    Checkpoint echoed = test.laxCheckpoint(streams);
    Random random = new Random(7);
    for (int i = 0; i < streams; i++) {
      Buffer sent = randomBytes(random, 1 + random.nextInt(300_000));
      sessions.client.openStream().onComplete(test.succeeding(stream -> {
        Buffer received = Buffer.buffer();
        stream.handler(received::appendBuffer);
        stream.endHandler(v -> test.verify(() -> assertThat(received).isEqualTo(sent)));
        stream.closeHandler(v -> echoed.flag());
        stream.write(sent);
        stream.end();
      }));
    }
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void clientStreamIdsAreOddAndServerStreamIdsEven(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    sessions.server.streamHandler(YamuxSessionTest::echo);
    sessions.client.streamHandler(YamuxSessionTest::echo);
    List<Integer> clientIds = new ArrayList<>();
    List<Integer> serverIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clientIds.add(await(sessions.client.openStream()).id());
      serverIds.add(await(sessions.server.openStream()).id());
    }
    assertThat(clientIds).containsExactly(1, 3, 5);
    assertThat(serverIds).containsExactly(2, 4, 6);
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void halfCloseWorksInBothDirections(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    Promise<Buffer> serverGot = Promise.promise();
    Promise<YamuxStream> serverStream = Promise.promise();
    Promise<Void> serverClosed = Promise.promise();
    sessions.server.streamHandler(stream -> {
      Buffer received = Buffer.buffer();
      stream.handler(received::appendBuffer);
      stream.endHandler(v -> serverGot.complete(received));
      stream.closeHandler(v -> serverClosed.tryComplete());
      serverStream.complete(stream);
    });
    YamuxStream client = await(sessions.client.openStream());
    Buffer clientGot = Buffer.buffer();
    Promise<Void> clientEnded = Promise.promise();
    Promise<Void> clientClosed = Promise.promise();
    client.handler(clientGot::appendBuffer);
    client.endHandler(v -> clientEnded.complete());
    client.closeHandler(v -> clientClosed.tryComplete());

    await(client.write(Buffer.buffer("request")));
    await(client.end());
    assertThat(await(serverGot.future()).toString()).isEqualTo("request");
    // The client's direction is closed; the server's is still open.
    YamuxStream server = await(serverStream.future());
    assertThat(failure(client.write(Buffer.buffer("more")))).isInstanceOf(YamuxException.class);
    await(server.write(Buffer.buffer("response, ")));
    await(server.write(Buffer.buffer("after the client's FIN")));
    assertThat(clientEnded.future().isComplete()).isFalse();
    await(server.end());
    await(clientEnded.future());
    assertThat(clientGot.toString()).isEqualTo("response, after the client's FIN");
    await(clientClosed.future());
    await(serverClosed.future());
    assertThat(sessions.client.streamCount()).isZero();
    assertThat(sessions.server.streamCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void resetReachesThePeerAndFailsItsWrites(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    Promise<Throwable> serverError = Promise.promise();
    Promise<YamuxStream> serverStream = Promise.promise();
    sessions.server.streamHandler(stream -> {
      stream.exceptionHandler(serverError::tryComplete);
      stream.handler(data -> {});
      serverStream.complete(stream);
    });
    YamuxStream client = await(sessions.client.openStream());
    await(client.write(Buffer.buffer("hello")));
    YamuxStream server = await(serverStream.future());
    client.reset();
    assertThat(await(serverError.future())).isInstanceOf(YamuxStreamResetException.class);
    assertThat(failure(server.write(Buffer.buffer("too late")))).isInstanceOf(YamuxStreamResetException.class);
    assertThat(failure(client.write(Buffer.buffer("too late")))).isInstanceOf(YamuxStreamResetException.class);
    await(sessions.client.ping());
    assertThat(sessions.client.streamCount()).isZero();
    assertThat(sessions.server.streamCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void pingRoundTripsInBothDirections(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    assertThat(await(sessions.client.ping())).isPositive();
    assertThat(await(sessions.server.ping())).isPositive();
    List<Future<Duration>> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(sessions.client.ping());
    }
    await(Future.all(many));
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void goAwayRefusesNewStreamsWhileOpenOnesFinish(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    sessions.server.streamHandler(YamuxSessionTest::echo);
    YamuxStream open = await(sessions.client.openStream());
    Buffer echoed = Buffer.buffer();
    Promise<Void> ended = Promise.promise();
    open.handler(echoed::appendBuffer);
    open.endHandler(v -> ended.complete());
    await(sessions.client.ping()); // the server has seen the SYN

    await(sessions.server.goAway());
    await(sessions.client.ping()); // the go-away arrived before the pong
    assertThat(failure(sessions.client.openStream())).isInstanceOf(YamuxSessionClosedException.class);
    assertThat(failure(sessions.server.openStream())).isInstanceOf(YamuxSessionClosedException.class);

    await(open.write(Buffer.buffer("still works")));
    await(open.end());
    await(ended.future());
    assertThat(echoed.toString()).isEqualTo("still works");
    assertThat(sessions.client.isClosed()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void closingTheSessionClosesEveryStream(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    List<Throwable> serverErrors = new CopyOnWriteArrayList<>();
    List<Promise<Void>> serverClosed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      serverClosed.add(Promise.promise());
    }
    sessions.server.streamHandler(stream -> {
      stream.exceptionHandler(serverErrors::add);
      stream.handler(data -> {});
      stream.closeHandler(v -> serverClosed.get((stream.id() - 1) / 2).tryComplete());
    });
    List<YamuxStream> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      YamuxStream stream = await(sessions.client.openStream());
      await(stream.write(Buffer.buffer("x")));
      clients.add(stream);
    }
    await(sessions.client.ping());
    await(sessions.client.close());
    await(sessions.server.closeFuture());
    for (Promise<Void> closed : serverClosed) {
      await(closed.future());
    }
    assertThat(serverErrors).hasSize(3).allMatch(e -> e instanceof YamuxSessionClosedException);
    assertThat(failure(clients.get(0).write(Buffer.buffer("y")))).isInstanceOf(YamuxException.class);
    assertThat(failure(sessions.client.openStream())).isInstanceOf(YamuxSessionClosedException.class);
    assertThat(sessions.server.streamCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void streamsBeyondTheLimitAreRefused(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG, CONFIG.withMaxConcurrentStreams(2));
    sessions.server.streamHandler(stream -> stream.handler(data -> {}));
    await(sessions.client.openStream());
    await(sessions.client.openStream());
    YamuxStream third = await(sessions.client.openStream());
    Promise<Void> refused = Promise.promise();
    third.closeHandler(v -> refused.tryComplete());
    await(refused.future());
    assertThat(failure(third.write(Buffer.buffer("x")))).isInstanceOf(YamuxStreamResetException.class);
    assertThat(sessions.server.streamCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  void aPausedReaderStopsTheWriterAtTheWindow(Sessions.Transport transport) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    Promise<YamuxStream> serverStream = Promise.promise();
    Buffer received = Buffer.buffer();
    Promise<Void> ended = Promise.promise();
    sessions.server.streamHandler(stream -> {
      stream.pause();
      stream.handler(received::appendBuffer);
      stream.endHandler(v -> ended.complete());
      serverStream.complete(stream);
    });
    YamuxStream writer = await(sessions.client.openStream());
    Random random = new Random(1);
    Buffer sent = Buffer.buffer();
    int chunk = 16 * 1024;
    while (!writer.writeQueueFull()) {
      Buffer data = randomBytes(random, chunk);
      sent.appendBuffer(data);
      writer.write(data);
      assertThat(sent.length()).isLessThan(10 * 1024 * 1024);
    }
    int window = YamuxConfig.DEFAULT_RECEIVE_WINDOW;
    assertThat(sent.length()).isBetween(window, window + CONFIG.writeQueueMaxSize() + chunk);
    YamuxStream reader = await(serverStream.future());
    await(sessions.client.ping()); // every Data frame the window allowed has arrived
    await(sessions.server.ping());
    assertThat(reader.bufferedBytes()).isEqualTo(window);
    assertThat(writer.writeQueueFull()).isTrue();

    Promise<Void> drained = Promise.promise();
    writer.drainHandler(v -> drained.tryComplete());
    reader.resume();
    await(drained.future());
    await(writer.end());
    await(ended.future());
    assertThat(received).isEqualTo(sent);
    assertThat(reader.bufferedBytes()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Sessions.Transport.class)
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aSlowReaderNeverBuffersMoreThanTheWindow(Sessions.Transport transport, VertxTestContext test) throws Exception {
    sessions = Sessions.connect(vertx, transport, CONFIG);
    int total = 3 * 1024 * 1024;
    Checkpoint done = test.checkpoint();
    sessions.server.streamHandler(stream -> {
      long[] count = {0};
      stream.pause();
      stream.handler(data -> {
        test.verify(() -> assertThat(stream.bufferedBytes()).isLessThanOrEqualTo(CONFIG.receiveWindow()));
        count[0] += data.length();
        // take one buffer per turn of the event loop: a reader slower than the writer
        vertx.runOnContext(v -> stream.fetch(1));
      });
      stream.endHandler(v -> test.verify(() -> {
        assertThat(count[0]).isEqualTo(total);
        done.flag();
      }));
      stream.fetch(1);
    });
    YamuxStream writer = await(sessions.client.openStream());
    Buffer data = Buffer.buffer(new byte[total]);
    writer.write(data).compose(v -> writer.end()).onFailure(test::failNow);
  }
}
