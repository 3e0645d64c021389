package org.zennet.protocol.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.Secp256k1HostKey;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.multistream.MultistreamException;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.Voucher;
import org.zennet.protocol.wire.messages.VoucherAck;
import org.zennet.protocol.yamux.YamuxStreamResetException;

/** Our hosts over loopback: protocols, message streams, reuse, limits, and hostile peers. */
class HostTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PAY = "/zennet/pay/1.0.0";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private Vertx vertx;
  private final List<Host> hosts = new ArrayList<>();
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    logs = new ListAppender<>();
    logs.start();
    for (Class<?> c : List.of(Libp2pHost.class, MessageStream.class, StreamHandler.class)) {
      ((Logger) LoggerFactory.getLogger(c)).addAppender(logs);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Class<?> c : List.of(Libp2pHost.class, MessageStream.class, StreamHandler.class)) {
      ((Logger) LoggerFactory.getLogger(c)).detachAppender(logs);
    }
    for (Host h : hosts) {
      await(h.close());
    }
    await(vertx.close());
  }

  private Host host(HostKey key, HostConfig config) {
    Host h = Host.create(vertx, key, config);
    hosts.add(h);
    return h;
  }

  private Host host() {
    return host(HostKey.generateSecp256k1(RANDOM), HostConfig.DEFAULT);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Multiaddr loopback() throws Exception {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }

  private List<String> logLines() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** A provider-like handler: acknowledges each voucher with its amount. */
  private static void serveVouchers(Host server) {
    server.<PayMessage, PayMessage>handleMessages(PAY, PayMessage.parser(), ms -> ms.reader().handler(m ->
        ms.write(PayMessage.newBuilder().setAck(VoucherAck.newBuilder()
            .setChannelId(m.getVoucher().getChannelId())
            .setCommittedAmount(m.getVoucher().getCumulativeAmount())).build())));
  }

  @Test
  void pingsAndIdentifiesAnotherHostOverOneReusedConnection() throws Exception {
    Host server = host();
    Host client = host();
    Multiaddr addr = await(server.listen(loopback()));

    assertThat(await(client.ping(addr, 3))).hasSize(3);
    IdentifyInfo info = await(client.identify(addr));
    assertThat(info.peerId()).isEqualTo(server.peerId());
    assertThat(info.agentVersion()).startsWith("zennet/");
    assertThat(info.protocolVersion()).isEqualTo("ipfs/0.1.0");
    assertThat(info.protocols()).containsExactly("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
    assertThat(info.listenAddrs()).containsExactly(addr.withoutPeerId());
    assertThat(info.observedAddr()).isPresent();
    assertThat(client.connections()).hasSize(1);
    assertThat(await(client.connect(addr.withoutPeerId()))).isSameAs(client.connection(server.peerId()).orElseThrow());
    // the server reaches the client over the connection the client opened
    assertThat(await(server.connection(client.peerId()).orElseThrow().ping(1))).hasSize(1);
  }

  @Test
  void messageStreamsCarryProtobufBothWays() throws Exception {
    Host server = host();
    serveVouchers(server);
    Host client = host();
    Multiaddr addr = await(server.listen(loopback()));

    MessageStream<PayMessage, PayMessage> ms = await(client.openMessageStream(addr, PAY, PayMessage.parser()));
    for (int i = 1; i <= 3; i++) {
      await(ms.write(PayMessage.newBuilder().setVoucher(Voucher.newBuilder()
          .setChannelId(ByteString.copyFrom(new byte[32])).setCumulativeAmount(ByteString.copyFrom(new byte[] {(byte) i}))).build()));
      assertThat(await(ms.next()).getAck().getCommittedAmount().byteAt(0)).isEqualTo((byte) i);
    }
    assertThat(await(client.identify(addr)).protocols()).contains(PAY);
  }

  @Test
  void anUnservedProtocolIsRefusedAndTheConnectionStaysUsable() throws Exception {
    Host server = host();
    Host client = host();
    Multiaddr addr = await(server.listen(loopback()));

    assertThatThrownBy(() -> await(client.openStream(addr, "/zennet/task/1.0.0")))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(MultistreamException.class);
    assertThat(await(client.ping(addr, 1))).hasSize(1);
  }

  @Test
  void aHugeLengthPrefixResetsTheStreamWhileTheHostServesOthers() throws Exception {
    Host server = host();
    serveVouchers(server);
    Host attacker = host();
    Host honest = host();
    Multiaddr addr = await(server.listen(loopback()));

    PeerStream raw = await(attacker.openStream(addr, PAY));
    Future<Void> reset = Future.future(p -> raw.exceptionHandler(p::tryFail).endHandler(v -> p.tryComplete()));
    raw.handler(b -> { });
    raw.write(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f})); // ~34 GB announced
    assertThatThrownBy(() -> await(reset)).hasCauseInstanceOf(YamuxStreamResetException.class);
    assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("Reset " + PAY).contains("exceeds"));

    MessageStream<PayMessage, PayMessage> ms = await(honest.openMessageStream(addr, PAY, PayMessage.parser()));
    await(ms.write(PayMessage.newBuilder().setVoucher(Voucher.newBuilder().setChannelId(ByteString.copyFrom(new byte[32]))).build()));
    assertThat(await(ms.next()).hasAck()).isTrue();
    assertThat(await(attacker.ping(addr, 1))).as("only the stream was reset, not the connection").hasSize(1);
  }

  @Test
  void streamsBeyondThePerConnectionLimitAreRefused() throws Exception {
    Host server = host(HostKey.generateSecp256k1(RANDOM), HostConfig.DEFAULT.withMaxStreamsPerConnection(8));
    List<PeerStream> held = new ArrayList<>();
    server.handle("/hold/1.0.0", held::add); // never closes them
    Host flooder = host();
    Host honest = host();
    Multiaddr addr = await(server.listen(loopback()));

    int opened = 0;
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      try {
        await(flooder.openStream(addr, "/hold/1.0.0"));
        opened++;
      } catch (ExecutionException e) {
        refused++;
      }
    }
    assertThat(opened).isEqualTo(8);
    assertThat(refused).isEqualTo(12);
    assertThat(await(honest.ping(addr, 1))).hasSize(1);
  }

  @Test
  void connectionsBeyondTheLimitAreClosedWithAReason() throws Exception {
    Host server = host(HostKey.generateSecp256k1(RANDOM), HostConfig.DEFAULT.withMaxConnections(1));
    Host first = host();
    Host second = host();
    Multiaddr addr = await(server.listen(loopback()));

    assertThat(await(first.ping(addr, 1))).hasSize(1);
    assertThatThrownBy(() -> await(second.ping(addr, 1))).isInstanceOf(ExecutionException.class);
    assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("Refused connection").contains("maxConnections 1"));
    assertThat(await(first.ping(addr, 1))).hasSize(1);
  }

  @Test
  void garbageAfterConnectIsDroppedWhileTheHostServesOthers() throws Exception {
    Host server = host();
    Host honest = host();
    Multiaddr addr = await(server.listen(loopback()));
    int port = Integer.parseInt(addr.components().get(1).value());

    NetSocket garbage = await(vertx.createNetClient().connect(port, "127.0.0.1"));
    Future<Void> closed = Future.future(p -> garbage.closeHandler(v -> p.complete()));
    byte[] junk = new byte[4096];
    RANDOM.nextBytes(junk);
    garbage.write(Buffer.buffer(junk));
    await(closed);
    assertThat(await(honest.ping(addr, 1))).hasSize(1);
  }

  @Test
  void dialingAPeerIdThatIsNotTheListenersFails() throws Exception {
    Host server = host();
    Host client = host();
    Multiaddr addr = await(server.listen(loopback()));
    Multiaddr impostor = addr.withoutPeerId().withPeerId(HostKey.generateSecp256k1(RANDOM).peerId());

    assertThatThrownBy(() -> await(client.connect(impostor))).isInstanceOf(ExecutionException.class);
    assertThat(client.connections()).isEmpty();
  }

  @Test
  void anAccountRestrictedProtocolResetsStreamsOfOtherAccounts() throws Exception {
    Secp256k1HostKey publisherKey = HostKey.generateSecp256k1(RANDOM);
    String publisher = publisherKey.publicKey().ethereumAddress();
    Host server = host();
    server.handle(PAY, StreamHandler.forAccounts(publisher::equals, s -> s.write(Buffer.buffer("ok")).onComplete(v -> s.end())));
    Host stranger = host();
    Host thePublisher = host(publisherKey, HostConfig.DEFAULT);
    Multiaddr addr = await(server.listen(loopback()));

    PeerStream refused = await(stranger.openStream(addr, PAY));
    Buffer strangerGot = Buffer.buffer();
    refused.handler(strangerGot::appendBuffer);
    // the reset may arrive before any handler is set: closeHandler still hears of it
    await(Future.<Void>future(p -> refused.closeHandler(v -> p.tryComplete())));
    assertThat(strangerGot.length()).isZero();
    assertThatThrownBy(() -> await(refused.write(Buffer.buffer("more")))).hasCauseInstanceOf(YamuxStreamResetException.class);
    assertThat(logLines()).anySatisfy(l -> assertThat(l).contains("is not one this protocol accepts"));

    PeerStream accepted = await(thePublisher.openStream(addr, PAY));
    Buffer got = Buffer.buffer();
    Future<Void> end = Future.future(p -> accepted.exceptionHandler(p::tryFail).endHandler(v -> p.tryComplete()));
    accepted.handler(got::appendBuffer);
    await(end);
    assertThat(got.toString()).isEqualTo("ok");
  }
}
