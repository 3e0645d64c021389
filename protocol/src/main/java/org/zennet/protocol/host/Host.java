package org.zennet.protocol.host;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.multiaddr.Multiaddr;

/**
 * A libp2p host: TCP + libp2p TLS 1.3 + yamux, a protocol per stream by multistream-select. It serves
 * {@value #PING_PROTOCOL} and {@value #IDENTIFY_PROTOCOL} from the start, keeps at most one connection
 * per peer it dials (an existing connection, inbound or outbound, is reused) and enforces
 * {@link HostConfig#maxConnections()} and the streams-per-connection limit. A peer that breaks a
 * protocol loses its stream or connection, with the reason logged; other peers are not affected.
 */
public interface Host {
  /** libp2p ping: the dialer sends 32 random bytes, the listener echoes them, repeatedly. */
  String PING_PROTOCOL = "/ipfs/ping/1.0.0";
  /** libp2p identify: the listener sends one {@code Identify} message and closes the stream. */
  String IDENTIFY_PROTOCOL = "/ipfs/id/1.0.0";
  /** The identify protocol version libp2p implementations send. */
  String IDENTIFY_PROTOCOL_VERSION = "ipfs/0.1.0";

  /** @return a host with {@code key} as its identity */
  static Host create(Vertx vertx, HostKey key, HostConfig config) {
    return new Libp2pHost(vertx, key, config);
  }

  /** @return this host's PeerId */
  PeerId peerId();

  /**
   * Listens on {@code address} ({@code /ip4|ip6/<ip>/tcp/<port>}, port 0 for any free one).
   *
   * @return the bound address with our {@code /p2p} PeerId
   */
  Future<Multiaddr> listen(Multiaddr address);

  /** @return the addresses this host listens on, with its {@code /p2p} PeerId */
  List<Multiaddr> listenAddresses();

  /**
   * Serves {@code protocolId} on inbound streams, replacing any earlier handler for it. The handler
   * runs only after multistream-select agreed on the protocol.
   */
  Host handle(String protocolId, StreamHandler handler);

  /** Serves {@code protocolId} with length-prefixed protobuf messages, {@code I} in and {@code O} out. */
  default <I extends MessageLite, O extends MessageLite> Host handleMessages(
      String protocolId, Parser<I> parser, Handler<MessageStream<I, O>> handler) {
    return handle(protocolId, stream -> handler.handle(MessageStream.over(stream, parser, config().wire())));
  }

  /** Stops serving {@code protocolId}. */
  Host unhandle(String protocolId);

  /** @return the protocol ids this host serves */
  List<String> protocols();

  /**
   * Connects to {@code address}, reusing a live connection to the peer it names ({@code /p2p/<id>}) or
   * to the same address. When the address names a PeerId, a peer with another key is refused during
   * the handshake.
   */
  Future<PeerConnection> connect(Multiaddr address);

  /** @return the live connection to {@code peer}, if there is one */
  Optional<PeerConnection> connection(PeerId peer);

  /** @return the live connections */
  Collection<PeerConnection> connections();

  /** Connects (or reuses a connection) and opens a stream for {@code protocolId}. */
  default Future<PeerStream> openStream(Multiaddr address, String protocolId) {
    return connect(address).compose(c -> c.openStream(protocolId));
  }

  /** Connects (or reuses a connection) and opens a message stream for {@code protocolId}. */
  default <I extends MessageLite, O extends MessageLite> Future<MessageStream<I, O>> openMessageStream(
      Multiaddr address, String protocolId, Parser<I> parser) {
    return openStream(address, protocolId).map(s -> MessageStream.over(s, parser, config().wire()));
  }

  /** Connects (or reuses a connection) and pings the peer {@code count} times on one stream. */
  default Future<List<Duration>> ping(Multiaddr address, int count) {
    return connect(address).compose(c -> c.ping(count));
  }

  /** Connects (or reuses a connection) and runs identify. */
  default Future<IdentifyInfo> identify(Multiaddr address) {
    return connect(address).compose(PeerConnection::identify);
  }

  /** @return the settings */
  HostConfig config();

  /** Stops listening and closes every connection. */
  Future<Void> close();
}
