package org.zennet.protocol.tls;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.multiaddr.Multiaddr;

/**
 * libp2p over TCP: multistream-select {@code /tls/1.0.0} on the raw socket, the libp2p TLS 1.3 handshake
 * with mutual authentication, then multistream-select of the stream muxer over TLS.
 */
public interface TlsTransport {

  /** The security protocol id negotiated on the raw TCP connection. */
  String TLS_PROTOCOL_ID = "/tls/1.0.0";
  /** The ALPN protocol of libp2p's TLS handshake. */
  String ALPN = "libp2p";

  /** @return a transport for {@code hostKey}, with a fresh ephemeral certificate, on the system clock */
  static TlsTransport create(Vertx vertx, HostKey hostKey, TlsTransportConfig config) {
    return create(vertx, hostKey, config, Clock.systemUTC());
  }

  /** @return a transport whose certificate checks use {@code clock} */
  static TlsTransport create(Vertx vertx, HostKey hostKey, TlsTransportConfig config, Clock clock) {
    SecureRandom random = new SecureRandom();
    TlsIdentity identity = Libp2pCertificates.generate(hostKey, clock.instant().minus(java.time.Duration.ofHours(1)),
        clock.instant().plus(config.certificateValidity()), random);
    return new TcpTlsTransport(vertx, hostKey.peerId(), identity, config, clock);
  }

  /** @return our PeerId */
  PeerId localPeerId();

  /**
   * Connects to {@code address} ({@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<id>]}). When it
   * names a PeerId, a peer with another key is refused during the handshake.
   */
  Future<SecuredConnection> dial(Multiaddr address);

  /**
   * Listens on {@code address} ({@code /ip4/<ip>/tcp/<port>}, port 0 for any) and hands every
   * authenticated connection to {@code handler}; refused peers are logged and closed.
   *
   * @return the address actually bound, with our {@code /p2p} PeerId
   */
  Future<Multiaddr> listen(Multiaddr address, Handler<SecuredConnection> handler);

  /** Stops listening and closes the client; open connections stay with their owners. */
  Future<Void> close();
}
