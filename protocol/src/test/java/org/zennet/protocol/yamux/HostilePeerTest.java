package org.zennet.protocol.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.protocol.yamux.Sessions.await;
import static org.zennet.protocol.yamux.Sessions.failure;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.wire.MemoryPipe;

/** Peers that break the protocol lose their session, with the reason logged; other sessions go on. */
class HostilePeerTest {
  private static final YamuxConfig CONFIG = YamuxConfig.DEFAULT.withKeepAliveInterval(Duration.ZERO);
  private static final int WINDOW = YamuxConfig.DEFAULT_RECEIVE_WINDOW;

  private Vertx vertx;
  private NetServer server;
  private NetClient client;
  private final List<YamuxSession> serverSessions = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createNetServer().connectHandler(socket -> {
      YamuxSession session = YamuxSession.server(vertx, socket, CONFIG);
      session.streamHandler(stream -> {
        stream.pause(); // a reader that never reads: only the window protects the server
        stream.handler(data -> {});
      });
      serverSessions.add(session);
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = vertx.createNetClient();
    log.start();
    ((Logger) LoggerFactory.getLogger(MuxSession.class)).addAppender(log);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(MuxSession.class)).detachAppender(log);
    await(client.close());
    await(server.close());
    await(vertx.close());
  }

  private static Buffer frame(int type, int flags, int streamId, long length, Buffer payload) {
    return Frame.encode(type, flags, streamId, length, payload);
  }

  private record Raw(NetSocket socket, Buffer received, Promise<Void> closed) {}

  private Raw rawPeer() throws Exception {
    NetSocket socket = client.connect(server.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
    Buffer received = Buffer.buffer();
    Promise<Void> closed = Promise.promise();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.tryComplete());
    return new Raw(socket, received, closed);
  }

  private YamuxSession goodClient() throws Exception {
    NetSocket socket = client.connect(server.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
    return YamuxSession.client(vertx, socket, CONFIG);
  }

  private void assertDisconnectedForProtocolError(Raw raw, String reason) {
    await(raw.closed().future());
    assertThat(raw.received().length()).isGreaterThanOrEqualTo(Frame.HEADER_LENGTH);
    Buffer last = raw.received().getBuffer(raw.received().length() - Frame.HEADER_LENGTH, raw.received().length());
    assertThat((int) last.getUnsignedByte(1)).as("frame type").isEqualTo(Frame.TYPE_GO_AWAY);
    assertThat(last.getUnsignedInt(8)).as("go-away code").isEqualTo(Frame.GO_AWAY_PROTOCOL_ERROR);
    YamuxSession hostile = serverSessions.stream().filter(YamuxSession::isClosed).findFirst().orElseThrow();
    assertThat(failure(hostile.closeFuture())).isInstanceOf(YamuxProtocolException.class).hasMessageContaining(reason);
    assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
        .contains("protocol error").contains(reason));
  }

  @Test
  void aPeerSendingBeyondTheWindowIsDisconnectedWhileOthersGoOn() throws Exception {
    YamuxSession good = goodClient();
    YamuxStream goodStream = await(good.openStream());
    Raw raw = rawPeer();
    Buffer attack = frame(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_SYN, 1, 0, Frame.EMPTY);
    for (int i = 0; i < 4; i++) {
      attack.appendBuffer(frame(Frame.TYPE_DATA, 0, 1, WINDOW / 4, Buffer.buffer(new byte[WINDOW / 4])));
    }
    attack.appendBuffer(frame(Frame.TYPE_DATA, 0, 1, 1, Buffer.buffer(new byte[1])));
    raw.socket().write(attack);

    assertDisconnectedForProtocolError(raw, "exceeds the receive window");
    assertThat(await(good.ping())).isPositive();
    await(goodStream.write(Buffer.buffer("still here")));
    assertThat(good.isClosed()).isFalse();
    await(good.close());
  }

  @Test
  void aHugeAnnouncedLengthIsRejectedBeforeReadingThePayload() throws Exception {
    Raw raw = rawPeer();
    // 4 GiB - 1 announced, and nothing follows: the header alone must end the session.
    raw.socket().write(frame(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_SYN, 1, 0, Frame.EMPTY)
        .appendBuffer(frame(Frame.TYPE_DATA, 0, 1, 0xFFFF_FFFFL, Frame.EMPTY)));
    assertDisconnectedForProtocolError(raw, "exceeds the receive window");
  }

  @Test
  void anUnknownVersionIsAProtocolError() throws Exception {
    Raw raw = rawPeer();
    Buffer bad = frame(Frame.TYPE_PING, Frame.FLAG_SYN, 0, 1, Frame.EMPTY);
    bad.setByte(0, (byte) 1);
    raw.socket().write(bad);
    assertDisconnectedForProtocolError(raw, "unsupported yamux version 1");
  }

  @Test
  void anUnknownTypeIsAProtocolError() throws Exception {
    Raw raw = rawPeer();
    raw.socket().write(frame(7, 0, 0, 0, Frame.EMPTY));
    assertDisconnectedForProtocolError(raw, "unknown frame type 7");
  }

  @Test
  void aStreamIdOfTheWrongSideIsAProtocolError() throws Exception {
    Raw raw = rawPeer();
    raw.socket().write(frame(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_SYN, 2, 0, Frame.EMPTY));
    assertDisconnectedForProtocolError(raw, "an id of the server");
  }

  @Test
  void aDuplicateSynIsAProtocolError() throws Exception {
    Raw raw = rawPeer();
    raw.socket().write(frame(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_SYN, 1, 0, Frame.EMPTY)
        .appendBuffer(frame(Frame.TYPE_WINDOW_UPDATE, Frame.FLAG_SYN, 1, 0, Frame.EMPTY)));
    assertDisconnectedForProtocolError(raw, "already open");
  }

  @Test
  void theServerAnswersPingsOfAPlainPeer() throws Exception {
    Raw raw = rawPeer();
    Promise<Buffer> pong = Promise.promise();
    raw.socket().handler(bytes -> pong.tryComplete(bytes));
    raw.socket().write(frame(Frame.TYPE_PING, Frame.FLAG_SYN, 0, 42, Frame.EMPTY));
    Buffer answer = await(pong.future());
    assertThat(answer).isEqualTo(frame(Frame.TYPE_PING, Frame.FLAG_ACK, 0, 42, Frame.EMPTY));
  }

  @Test
  void unansweredKeepAlivePingsCloseTheSession() {
    MemoryPipe.Pair pipe = MemoryPipe.create(vertx);
    pipe.right().handler(bytes -> {}); // a peer that reads and never answers
    YamuxSession session = YamuxSession.client(vertx, pipe.left(), pipe.left(),
        CONFIG.withKeepAliveInterval(Duration.ofMillis(20)));
    assertThat(failure(session.closeFuture())).isInstanceOf(YamuxSessionClosedException.class)
        .hasMessageContaining("keep-alive");
  }
}
