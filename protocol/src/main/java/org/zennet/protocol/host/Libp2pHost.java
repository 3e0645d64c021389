package org.zennet.protocol.host;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.identity.PeerPublicKey;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.multistream.MultistreamException;
import org.zennet.protocol.multistream.MultistreamSelect;
import org.zennet.protocol.multistream.Negotiated;
import org.zennet.protocol.tls.SecuredConnection;
import org.zennet.protocol.tls.TlsTransport;
import org.zennet.protocol.yamux.YamuxSession;
import org.zennet.protocol.yamux.YamuxStream;

/** {@link Host} on {@link TlsTransport} and {@link YamuxSession}. Thread-safe. */
final class Libp2pHost implements Host {
  private static final Logger LOG = LoggerFactory.getLogger(Libp2pHost.class);

  private final Vertx vertx;
  private final HostKey key;
  private final HostConfig config;
  private final TlsTransport transport;
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, Connection> byPeer = new ConcurrentHashMap<>();
  private final Map<PeerId, Future<PeerConnection>> dialing = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Libp2pHost(Vertx vertx, HostKey key, HostConfig config) {
    this.vertx = vertx;
    this.key = key;
    this.config = config;
    this.transport = TlsTransport.create(vertx, key, config.transport());
    handlers.put(PING_PROTOCOL, PingProtocol::serve);
    handlers.put(IDENTIFY_PROTOCOL, stream -> IdentifyProtocol.serve(stream,
        IdentifyProtocol.message(key.publicKey(), config.agentVersion(), listenAddresses, protocols(), stream.connection())));
  }

  @Override
  public PeerId peerId() {
    return key.peerId();
  }

  @Override
  public HostConfig config() {
    return config;
  }

  @Override
  public Future<Multiaddr> listen(Multiaddr address) {
    if (closed) {
      return Future.failedFuture(new HostClosedException("the host is closed"));
    }
    return transport.listen(address, this::inbound).onSuccess(listenAddresses::add);
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return List.copyOf(listenAddresses);
  }

  @Override
  public Host handle(String protocolId, StreamHandler handler) {
    if (protocolId == null || protocolId.isEmpty() || protocolId.indexOf('\n') >= 0
        || protocolId.length() + 1 > config.multistream().maxLineLength()) {
      throw new IllegalArgumentException("not a usable protocol id: '" + protocolId + "'");
    }
    handlers.put(protocolId, handler);
    return this;
  }

  @Override
  public Host unhandle(String protocolId) {
    handlers.remove(protocolId);
    return this;
  }

  @Override
  public List<String> protocols() {
    return handlers.keySet().stream().sorted().toList();
  }

  // ---------------------------------------------------------------- connections

  @Override
  public Future<PeerConnection> connect(Multiaddr address) {
    if (closed) {
      return Future.failedFuture(new HostClosedException("the host is closed"));
    }
    Optional<PeerId> peer = address.peerId();
    if (peer.isPresent()) {
      if (peer.get().equals(peerId())) {
        return Future.failedFuture(new IllegalArgumentException("cannot dial this host's own PeerId " + peerId()));
      }
      Connection existing = byPeer.get(peer.get());
      if (existing != null && !existing.isClosed()) {
        return Future.succeededFuture(existing);
      }
      Future<PeerConnection> pending = dialing.computeIfAbsent(peer.get(), p -> dial(address));
      pending.onComplete(ar -> dialing.remove(peer.get(), pending));
      return pending;
    }
    for (Connection c : connections) {
      if (!c.isClosed() && c.remoteAddress() != null && c.remoteAddress().withoutPeerId().equals(address)) {
        return Future.succeededFuture(c);
      }
    }
    return dial(address);
  }

  private Future<PeerConnection> dial(Multiaddr address) {
    if (connections.size() >= config.maxConnections()) {
      return Future.failedFuture(new ConnectionLimitException("cannot dial " + address + ": already "
          + connections.size() + " connections open (maxConnections " + config.maxConnections() + ")"));
    }
    return transport.dial(address).compose(this::register);
  }

  private void inbound(SecuredConnection secured) {
    register(secured).onFailure(e -> LOG.warn("Refused connection from {}: {}", secured.remoteAddress(), e.getMessage()));
  }

  private Future<PeerConnection> register(SecuredConnection secured) {
    if (closed) {
      secured.close();
      return Future.failedFuture(new HostClosedException("the host is closed"));
    }
    if (connections.size() >= config.maxConnections()) {
      secured.close();
      return Future.failedFuture(new ConnectionLimitException(connections.size() + " connections are open (maxConnections "
          + config.maxConnections() + ")"));
    }
    YamuxSession session = secured.initiator()
        ? YamuxSession.client(vertx, secured.input(), secured.output(), config.yamux())
        : YamuxSession.server(vertx, secured.input(), secured.output(), config.yamux());
    Connection connection = new Connection(secured, session);
    connections.add(connection);
    byPeer.put(secured.remotePeerId(), connection);
    session.streamHandler(stream -> accept(connection, stream));
    session.closeFuture().onComplete(ar -> {
      connections.remove(connection);
      byPeer.remove(secured.remotePeerId(), connection);
      secured.close();
      if (ar.failed()) {
        LOG.info("Connection with {} closed: {}", secured.remoteAddress(), ar.cause().getMessage());
      } else {
        LOG.debug("Connection with {} closed", secured.remoteAddress());
      }
    });
    LOG.debug("{} connection with {}", secured.initiator() ? "Outbound" : "Inbound", secured.remoteAddress());
    return Future.succeededFuture(connection);
  }

  /** An inbound stream: agree on a protocol we serve within the stream timeout, then hand it over. */
  private void accept(Connection connection, YamuxStream stream) {
    String what = "inbound stream " + Integer.toUnsignedString(stream.id()) + " from " + connection.remotePeerId();
    Deadline.of(vertx, MultistreamSelect.listen(stream, stream, protocols(), config.multistream()),
            config.streamTimeout(), "protocol negotiation on " + what, stream::reset)
        .onSuccess(n -> dispatch(connection, stream, n, what))
        .onFailure(e -> {
          if (e instanceof MultistreamException m && m.reason() == MultistreamException.Reason.CLOSED) {
            LOG.debug("Reset {}: {}", what, e.getMessage());
          } else {
            LOG.info("Reset {}: {}", what, e.getMessage());
          }
          stream.reset();
        });
  }

  private void dispatch(Connection connection, YamuxStream stream, Negotiated n, String what) {
    StreamHandler handler = handlers.get(n.protocol());
    if (handler == null) {
      LOG.info("Reset {}: {} is no longer served", what, n.protocol());
      stream.reset();
      return;
    }
    PeerStream peerStream = new PeerStream(n.protocol(), connection, stream, n.stream(stream));
    try {
      handler.handle(peerStream);
    } catch (RuntimeException e) {
      LOG.warn("Reset {}: the {} handler failed", what, n.protocol(), e);
      stream.reset();
    }
  }

  @Override
  public Optional<PeerConnection> connection(PeerId peer) {
    return Optional.ofNullable(byPeer.get(peer)).filter(c -> !c.isClosed()).map(c -> c);
  }

  @Override
  public Collection<PeerConnection> connections() {
    return List.copyOf(connections);
  }

  @Override
  public Future<Void> close() {
    closed = true;
    List<Future<?>> closing = new ArrayList<>();
    closing.add(transport.close());
    for (Connection c : connections) {
      closing.add(c.close().recover(e -> Future.succeededFuture()));
    }
    return Future.join(closing).mapEmpty();
  }

  /** One connection: the secured socket and the yamux session on it. */
  private final class Connection implements PeerConnection {
    private final SecuredConnection secured;
    private final YamuxSession session;

    Connection(SecuredConnection secured, YamuxSession session) {
      this.secured = secured;
      this.session = session;
    }

    @Override
    public PeerId remotePeerId() {
      return secured.remotePeerId();
    }

    @Override
    public PeerPublicKey remotePublicKey() {
      return secured.remotePublicKey();
    }

    @Override
    public Multiaddr remoteAddress() {
      return secured.remoteAddress();
    }

    @Override
    public Multiaddr localAddress() {
      return secured.localAddress();
    }

    @Override
    public boolean initiator() {
      return secured.initiator();
    }

    @Override
    public Future<PeerStream> openStream(List<String> protocols) {
      return session.openStream().compose(stream -> Deadline.of(vertx,
              MultistreamSelect.select(stream, stream, protocols, config.multistream()), config.streamTimeout(),
              "protocol negotiation with " + remotePeerId(), stream::reset)
          .map(n -> new PeerStream(n.protocol(), this, stream, n.stream(stream)))
          .onFailure(e -> stream.reset()));
    }

    @Override
    public Future<List<Duration>> ping(int count) {
      return openStream(PING_PROTOCOL).compose(s -> PingProtocol.run(vertx, s, count, config.streamTimeout()));
    }

    @Override
    public Future<IdentifyInfo> identify() {
      return openStream(IDENTIFY_PROTOCOL).compose(s -> IdentifyProtocol.run(vertx, s, config.streamTimeout()));
    }

    @Override
    public int streamCount() {
      return session.streamCount();
    }

    @Override
    public boolean isClosed() {
      return session.isClosed();
    }

    @Override
    public Future<Void> close() {
      return session.close().eventually(() -> secured.close());
    }

    @Override
    public String toString() {
      return "connection with " + remoteAddress();
    }
  }
}
