package org.zennet.protocol.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.multistream.MultistreamException;

/**
 * Our host against a stock js-libp2p 3.x peer (TCP, @libp2p/tls, @chainsafe/libp2p-yamux, @libp2p/ping,
 * @libp2p/identify) in both directions: what "libp2p-compatible" means.
 */
class JsLibp2pInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private Vertx vertx;
  private Host host;
  private JsLibp2pPeer js;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    host = Host.create(vertx, HostKey.generateSecp256k1(new SecureRandom()), HostConfig.DEFAULT);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (js != null) {
        js.close();
      }
    } finally {
      await(host.close());
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private void jsDialsPingsAndIdentifies(String jsKeyType) throws Exception {
    Multiaddr ours = await(host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
    js = JsLibp2pPeer.start("dial", ours.toString(), "3", jsKeyType);

    String connected = js.await("CONNECTED", WAIT);
    assertThat(connected).startsWith(host.peerId().toBase58()).contains("/tls/1.0.0").contains("/yamux/1.0.0");
    for (int i = 0; i < 3; i++) {
      assertThat(Integer.parseInt(js.await("PING", WAIT).trim())).isNotNegative();
    }
    String identified = js.await("IDENTIFIED", WAIT);
    JsonObject info = new JsonObject(identified.substring(identified.indexOf(' ') + 1));
    assertThat(info.getString("peerId")).isEqualTo(host.peerId().toBase58());
    assertThat(info.getString("protocolVersion")).isEqualTo("ipfs/0.1.0");
    assertThat(info.getString("agentVersion")).startsWith("zennet/");
    assertThat(info.getJsonArray("protocols").getList()).contains("/ipfs/ping/1.0.0", "/ipfs/id/1.0.0");
    assertThat(info.getJsonArray("listenAddrs").getList()).contains(ours.withoutPeerId().toString());
    assertThat(info.getString("observedAddr")).startsWith("/ip4/127.0.0.1/tcp/");
    js.await("DONE", WAIT);
    assertThat(js.waitFor(WAIT)).as("js-libp2p output %s", js.output()).isZero();
  }

  @Test
  void jsLibp2pWithEd25519KeyDialsPingsAndIdentifiesOurHost() throws Exception {
    jsDialsPingsAndIdentifies("ed25519");
  }

  @Test
  void jsLibp2pWithSecp256k1KeyDialsPingsAndIdentifiesOurHost() throws Exception {
    jsDialsPingsAndIdentifies("secp256k1");
  }

  @Test
  void ourHostDialsJsLibp2pPingsAndIdentifiesIt() throws Exception {
    js = JsLibp2pPeer.start("listen", "ed25519");
    Multiaddr theirs = Multiaddr.parse(js.await("LISTENING", WAIT).trim());
    PeerId theirId = theirs.peerId().orElseThrow();

    List<Duration> rtts = await(host.ping(theirs, 3));
    assertThat(rtts).hasSize(3).allSatisfy(rtt -> assertThat(rtt).isPositive());

    IdentifyInfo info = await(host.identify(theirs));
    assertThat(info.peerId()).isEqualTo(theirId);
    assertThat(info.protocolVersion()).isEqualTo("ipfs/0.1.0");
    assertThat(info.agentVersion()).startsWith("js-libp2p/3.");
    assertThat(info.protocols()).contains("/ipfs/ping/1.0.0", "/ipfs/id/1.0.0");
    assertThat(info.listenAddrs()).contains(theirs.withoutPeerId());
    assertThat(info.observedAddr()).isPresent();

    // js-libp2p identifies every peer that connects: it identified us over the same connection
    String identified = js.await("IDENTIFIED", WAIT);
    assertThat(identified).startsWith(host.peerId().toBase58());
    JsonObject ours = new JsonObject(identified.substring(identified.indexOf(' ') + 1));
    assertThat(ours.getString("agentVersion")).startsWith("zennet/");

    assertThat(host.connections()).hasSize(1);
  }

  @Test
  void aProtocolJsLibp2pDoesNotServeIsRefusedAndTheConnectionStaysUsable() throws Exception {
    js = JsLibp2pPeer.start("listen", "ed25519");
    Multiaddr theirs = Multiaddr.parse(js.await("LISTENING", WAIT).trim());

    assertThatThrownBy(() -> await(host.openStream(theirs, "/zennet/negotiate/1.0.0")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MultistreamException.class);
    assertThat(await(host.ping(theirs, 1))).hasSize(1);
    assertThat(host.connections()).hasSize(1);
  }

  @Test
  void dialingJsLibp2pUnderAnotherPeerIdIsRefused() throws Exception {
    js = JsLibp2pPeer.start("listen", "ed25519");
    Multiaddr theirs = Multiaddr.parse(js.await("LISTENING", WAIT).trim());
    Multiaddr wrong = theirs.withoutPeerId().withPeerId(HostKey.generateEd25519(new SecureRandom()).peerId());

    assertThatThrownBy(() -> await(host.connect(wrong))).isInstanceOf(ExecutionException.class);
    assertThat(host.connections()).isEmpty();
    assertThat(await(host.ping(theirs, 1))).hasSize(1);
  }
}
