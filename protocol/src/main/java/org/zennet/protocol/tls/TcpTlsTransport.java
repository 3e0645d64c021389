package org.zennet.protocol.tls;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.identity.PeerPublicKey;
import org.zennet.protocol.multiaddr.InvalidMultiaddrException;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.multiaddr.MultiaddrProtocol;
import org.zennet.protocol.multistream.MultistreamException;
import org.zennet.protocol.multistream.MultistreamSelect;
import org.zennet.protocol.multistream.Negotiated;

/**
 * {@link TlsTransport} on Vert.x {@link NetClient} and {@link NetServer}. Every connection gets its own
 * {@link PeerTrustManager} (through per-connection SSL options on {@code upgradeToSsl}), so the peer it
 * authenticated belongs to that connection only, and no TLS session is ever resumed.
 */
final class TcpTlsTransport implements TlsTransport {
  private static final Logger LOG = LoggerFactory.getLogger(TcpTlsTransport.class);
  private static final Set<String> TLS_1_3_ONLY = Set.of("TLSv1.3");

  private final Vertx vertx;
  private final PeerId localPeerId;
  private final TlsIdentity identity;
  private final TlsTransportConfig config;
  private final Clock clock;
  private final NetClient client;
  private final List<NetServer> servers = new CopyOnWriteArrayList<>();

  TcpTlsTransport(Vertx vertx, PeerId localPeerId, TlsIdentity identity, TlsTransportConfig config, Clock clock) {
    this.vertx = vertx;
    this.localPeerId = localPeerId;
    this.identity = identity;
    this.config = config;
    this.clock = clock;
    this.client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.handshakeTimeout().toMillis()))
        .setSslEngineOptions(new BouncyCastleJsseEngineOptions()));
  }

  @Override
  public PeerId localPeerId() {
    return localPeerId;
  }

  // ---------------------------------------------------------------- dialling

  @Override
  public Future<SecuredConnection> dial(Multiaddr address) {
    if (Vertx.currentContext() != null) {
      return dialOnContext(address);
    }
    // Called from a thread of no Vert.x context: connect from one. Otherwise the connect future may
    // complete on the event loop before compose() below is registered, the callback then runs on the
    // caller's thread, and the listener's first multistream bytes arrive while the socket has no
    // handler yet and are lost ("expected the header /multistream/1.0.0, got '/tls/1.0.0'").
    Promise<SecuredConnection> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> dialOnContext(address).onComplete(result));
    return result.future();
  }

  private Future<SecuredConnection> dialOnContext(Multiaddr address) {
    List<Multiaddr.Component> c = address.components();
    boolean shapeOk = (c.size() == 2 || (c.size() == 3 && c.get(2).protocol() == MultiaddrProtocol.P2P))
        && c.get(1).protocol() == MultiaddrProtocol.TCP && c.get(0).protocol() != MultiaddrProtocol.P2P && c.get(0).protocol() != MultiaddrProtocol.TCP;
    if (!shapeOk) {
      return Future.failedFuture(new InvalidMultiaddrException("cannot dial '" + address + "': expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<peer-id>]"));
    }
    PeerId expected = address.peerId().orElse(null);
    int port = Integer.parseInt(c.get(1).value());
    return resolve(c.get(0))
        .compose(ip -> client.connect(port, ip))
        .compose(socket -> withDeadline(socket, "dial " + address, secureOutbound(socket, expected, address)));
  }

  private Future<String> resolve(Multiaddr.Component host) {
    return switch (host.protocol()) {
      case IP4, IP6 -> Future.succeededFuture(host.value());
      default -> vertx.executeBlocking(() -> {
        for (InetAddress a : InetAddress.getAllByName(host.value())) {
          boolean fits = switch (host.protocol()) {
            case DNS4 -> a instanceof Inet4Address;
            case DNS6 -> a instanceof Inet6Address;
            default -> true;
          };
          if (fits) {
            return a.getHostAddress(); // dial the IP: no name goes into the TLS SNI, as tls.md requires
          }
        }
        throw new java.net.UnknownHostException("no " + host.protocol().protocolName() + " address for " + host.value());
      }, false);
    };
  }

  private Future<SecuredConnection> secureOutbound(NetSocket socket, PeerId expected, Multiaddr address) {
    String description = "dial " + address;
    PeerTrustManager trust = new PeerTrustManager(expected, clock, description);
    ClientSSLOptions ssl = libp2pTls(new ClientSSLOptions(), trust)
        .setHostnameVerificationAlgorithm(""); // the peer is authenticated by PeerTrustManager, not by name
    return MultistreamSelect.select(socket, socket, List.of(TLS_PROTOCOL_ID), config.multistream())
        .compose(n -> requireNoRemainder(n, socket))
        .compose(v -> socket.upgradeToSsl(ssl))
        .compose(v -> authenticated(socket, trust))
        // TLS 1.3: our handshake is complete before the listener has checked our certificate; its
        // multistream answer over TLS is the first sign that it accepted us.
        .compose(key -> MultistreamSelect.select(socket, socket, config.muxers(), config.multistream())
            .map(n -> (SecuredConnection) connection(socket, key, n, true)));
  }

  // ---------------------------------------------------------------- listening

  @Override
  public Future<Multiaddr> listen(Multiaddr address, Handler<SecuredConnection> handler) {
    List<Multiaddr.Component> c = address.components();
    if (c.size() != 2 || (c.get(0).protocol() != MultiaddrProtocol.IP4 && c.get(0).protocol() != MultiaddrProtocol.IP6)
        || c.get(1).protocol() != MultiaddrProtocol.TCP) {
      return Future.failedFuture(new InvalidMultiaddrException("cannot listen on '" + address + "': expected /ip4|ip6/<ip>/tcp/<port>"));
    }
    NetServer server = vertx.createNetServer(new io.vertx.core.net.NetServerOptions()
        .setSslEngineOptions(new BouncyCastleJsseEngineOptions()));
    server.connectHandler(socket -> {
      String description = "inbound from " + socket.remoteAddress();
      withDeadline(socket, description, secureInbound(socket, description))
          .onSuccess(handler)
          .onFailure(e -> LOG.info("Refused {}: {}", description, reason(e)));
    });
    servers.add(server);
    return server.listen(Integer.parseInt(c.get(1).value()), c.get(0).value())
        .compose(s -> {
          try {
            return Future.succeededFuture(Multiaddr.tcp(c.get(0).value(), s.actualPort()).withPeerId(localPeerId));
          } catch (InvalidMultiaddrException e) {
            return Future.failedFuture(e);
          }
        })
        .onSuccess(a -> LOG.info("Listening on {}", a));
  }

  private Future<SecuredConnection> secureInbound(NetSocket socket, String description) {
    PeerTrustManager trust = new PeerTrustManager(null, clock, description);
    ServerSSLOptions ssl = libp2pTls(new ServerSSLOptions(), trust)
        .setClientAuth(ClientAuth.REQUIRED);
    return MultistreamSelect.listen(socket, socket, List.of(TLS_PROTOCOL_ID), config.multistream())
        .compose(n -> requireNoRemainder(n, socket))
        .compose(v -> socket.upgradeToSsl(ssl))
        .compose(v -> authenticated(socket, trust))
        .compose(key -> MultistreamSelect.listen(socket, socket, config.muxers(), config.multistream())
            .map(n -> (SecuredConnection) connection(socket, key, n, false)));
  }

  // ---------------------------------------------------------------- shared steps

  /** TLS 1.3 only, ALPN libp2p, our certificate, this connection's trust manager. */
  private <T extends SSLOptions> T libp2pTls(T options, PeerTrustManager trust) {
    options.setKeyCertOptions(KeyCertOptions.wrap(new IdentityKeyManager(identity)));
    options.setTrustOptions(TrustOptions.wrap(trust));
    options.setEnabledSecureTransportProtocols(TLS_1_3_ONLY);
    options.setUseAlpn(true);
    options.setApplicationLayerProtocols(List.of(ALPN));
    options.setSslHandshakeTimeout(config.handshakeTimeout().toMillis());
    options.setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    return options;
  }

  private static Future<Void> requireNoRemainder(Negotiated n, NetSocket socket) {
    if (n.remainder().length() > 0) {
      return Future.failedFuture(new MultistreamException(MultistreamException.Reason.PROTOCOL_ERROR,
          n.remainder().length() + " bytes arrived before the TLS handshake could start"));
    }
    return Future.succeededFuture();
  }

  /** Authorises the peer from what its connection's trust manager verified, after the handshake. */
  private static Future<PeerPublicKey> authenticated(NetSocket socket, PeerTrustManager trust) {
    PeerPublicKey key = trust.verifiedKey();
    if (key == null) {
      return Future.failedFuture(new PeerAuthenticationException("TLS handshake completed without an authenticated peer certificate"));
    }
    if (!ALPN.equals(socket.applicationLayerProtocol())) {
      return Future.failedFuture(new PeerAuthenticationException("peer did not agree to ALPN '" + ALPN + "' (got " + socket.applicationLayerProtocol() + ")"));
    }
    return Future.succeededFuture(key);
  }

  private <T> Future<T> withDeadline(NetSocket socket, String description, Future<T> work) {
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(config.handshakeTimeout().toMillis(), id -> {
      if (result.tryFail(new TimeoutException(description + ": no secured connection within " + config.handshakeTimeout()))) {
        socket.close();
      }
    });
    work.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        if (!result.tryComplete(ar.result())) {
          socket.close(); // too late: the deadline already failed it
        }
      } else {
        socket.close();
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  private Connection connection(NetSocket socket, PeerPublicKey key, Negotiated muxer, boolean initiator) {
    PeerId remote = key.peerId();
    Multiaddr local = toMultiaddr(socket.localAddress());
    Multiaddr remoteAddr = toMultiaddr(socket.remoteAddress());
    LOG.debug("Secured {} connection with {} at {}, muxer {}", initiator ? "outbound" : "inbound", remote, remoteAddr, muxer.protocol());
    return new Connection(remote, key, initiator, muxer.protocol(), local, remoteAddr == null ? null : remoteAddr.withPeerId(remote),
        muxer.stream(socket), socket, socket);
  }

  private static Multiaddr toMultiaddr(SocketAddress address) {
    try {
      String host = address.hostAddress();
      return Multiaddr.tcp(host.startsWith("/") ? host.substring(1) : host, address.port());
    } catch (InvalidMultiaddrException | RuntimeException e) {
      return null;
    }
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && !(t instanceof PeerAuthenticationException) && !(t instanceof MultistreamException)) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> closing = new java.util.ArrayList<>();
    servers.forEach(s -> closing.add(s.close()));
    closing.add(client.close());
    return Future.all(closing).mapEmpty();
  }

  private record Connection(PeerId remotePeerId, PeerPublicKey remotePublicKey, boolean initiator, String muxer,
      Multiaddr localAddress, Multiaddr remoteAddress, ReadStream<Buffer> input, WriteStream<Buffer> output, NetSocket socket)
      implements SecuredConnection {}
}
