package org.zennet.watcher;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.chain.EventFollower;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.messages.WatchMessage;
import org.zennet.watcher.chain.ContractsWatcherChain;
import org.zennet.watcher.chain.WatcherChain;
import org.zennet.watcher.http.WatcherHttp;
import org.zennet.watcher.store.SqliteWatcherStore;
import org.zennet.watcher.store.WatchedChannel;
import org.zennet.watcher.store.WatcherStore;

/**
 * The channel watcher (docs/watcher.md): serves {@value #PROTOCOL} to providers that delegate their latest
 * vouchers, follows the PaymentChannels events from a cursor kept in its database, and redeems what it holds
 * when a publisher starts a close (and, with a threshold, when a channel's unredeemed amount passes it).
 * Its HTTP API serves health, metrics and a provider's channel status.
 */
public final class Watcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
  public static final String PROTOCOL = "/zennet/watch/1.0.0";
  /** Closes of channels not (yet) held that are remembered, for a delegation committed while its close arrived. */
  private static final int RECENT_CLOSES = 100_000;
  private static final long HEAD_POLL_MS = 1_000;

  private final WatcherConfig config;
  private final WatcherChain chain;
  private final WatcherStore store;
  private final Vertx vertx;
  private final Host host;
  private final WatcherMetrics metrics = new WatcherMetrics();
  private final ChainClock chainClock;
  private final Redeemer redeemer;
  private final DelegationService delegations;
  private final WatcherHttp http;
  private final Map<BigInteger, Long> recentCloses = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<BigInteger, Long> eldest) {
      return size() > RECENT_CLOSES;
    }
  };
  private EventFollower follower;
  private long headTimer = -1;
  private Multiaddr address;
  private URI httpUrl;
  private volatile boolean closed;

  private Watcher(WatcherConfig config, Credentials key, WatcherChain chain, WatcherStore store, Clock clock,
      Consumer<String> lines) {
    this.config = config;
    this.chain = chain;
    this.store = store;
    this.vertx = Vertx.vertx();
    this.host = Host.create(vertx, HostKey.fromCredentials(key), HostConfig.DEFAULT);
    this.chainClock = new ChainClock(clock);
    this.redeemer = new Redeemer(chain, store, config, metrics, chainClock, lines);
    this.delegations = new DelegationService(chain, store, redeemer, metrics, chainClock, clock, this::recentClose);
    this.http = new WatcherHttp(vertx, new Api(), clock);
  }

  /**
   * Starts a watcher as {@code key} on {@code deployment}'s chain (its endpoints overridden by the config's
   * {@code rpcUrl}/{@code wsUrl}), with its database in {@code config.dataDir()}.
   *
   * @param lines receives a line per redeem transaction (for a console)
   * @throws IOException when the chain cannot be reached, the database opened, or an address bound
   */
  public static Watcher start(WatcherConfig config, Credentials key, Deployment deployment, Clock clock,
      Consumer<String> lines) throws IOException {
    Deployment target = new Deployment(deployment.chainId(),
        config.rpcUrl() != null ? config.rpcUrl() : deployment.rpcUrl(),
        config.wsUrl() != null ? config.wsUrl() : deployment.wsUrl(), deployment.deploymentBlock(),
        deployment.contracts());
    if (config.dataDir() == null) {
      throw new IllegalArgumentException("dataDir: required here (the command gives a default)");
    }
    WatcherStore store = SqliteWatcherStore.open(config.dataDir().resolve(WatcherConfig.DATABASE_FILE));
    WatcherChain chain;
    try {
      chain = ContractsWatcherChain.connect(target, key, config.retryBackoff(), config.retryBackoffMax());
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    Watcher watcher = new Watcher(config, key, chain, store, clock, lines);
    try {
      watcher.run();
      return watcher;
    } catch (IOException | RuntimeException e) {
      watcher.close();
      throw e;
    }
  }

  private void run() throws IOException {
    WatcherChain.Head head;
    try {
      head = chain.head().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("cannot read the chain's head: " + e.getMessage(), e);
    }
    chainClock.head(head.number(), head.timestamp());
    metrics.channelsHeld(store.counts().held());
    Optional<Cursor> saved = store.cursor();
    Cursor cursor = saved.orElse(Cursor.startOfBlock(head.number()));
    if (saved.isEmpty()) {
      // a first start: nothing is held, so nothing before the head matters; later starts resume from here
      try {
        store.advance(cursor).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("cannot write the watcher database: " + e.getMessage(), e);
      }
    }
    LOG.info("following channel events after block {} (log {}); chain head {}", cursor.blockNumber(), cursor.logIndex(),
        head.number());
    metrics.gauges(redeemer::pending, chainClock::headNumber,
        () -> follower == null ? cursor.blockNumber() : follower.cursor().blockNumber(),
        () -> follower != null && follower.isLive() ? 1 : 0);
    redeemer.start();
    follower = chain.follow(cursor, this::onLog);
    host.handle(PROTOCOL, stream -> delegations.handle(MessageStream.<WatchMessage, WatchMessage>over(stream,
        WatchMessage.parser(), DelegationService.WIRE)));
    try {
      Multiaddr bound = host.listen(Multiaddr.parse(config.listen())).await(30, TimeUnit.SECONDS);
      address = config.announce() == null ? bound : withPeer(Multiaddr.parse(config.announce()));
      int port = http.listen(config.httpHost(), config.httpPort()).await(30, TimeUnit.SECONDS);
      httpUrl = URI.create("http://" + (config.httpHost().contains(":") ? "[" + config.httpHost() + "]" : config.httpHost())
          + ":" + port);
    } catch (Exception e) {
      throw new IOException("cannot listen on " + config.listen() + " / " + config.httpHost() + ":" + config.httpPort()
          + ": " + e.getMessage(), e);
    }
    headTimer = vertx.setPeriodic(HEAD_POLL_MS, id -> chain.head().whenComplete((h, e) -> {
      if (h != null) {
        chainClock.head(h.number(), h.timestamp());
      }
    }));
  }

  private Multiaddr withPeer(Multiaddr announce) throws org.zennet.protocol.multiaddr.InvalidMultiaddrException {
    String text = announce.toString();
    return text.contains("/p2p/") ? announce : Multiaddr.parse(text + "/p2p/" + host.peerId());
  }

  /** Applies a channel event to a held channel (committed with the cursor, in order); a close is redeemed. */
  private void onLog(Log log, Cursor cursor) {
    Optional<ChannelEvent> decoded = ChannelEvent.decode(log);
    if (decoded.isEmpty()) {
      store.advance(cursor);
      return;
    }
    ChannelEvent event = decoded.get();
    if (event instanceof ChannelEvent.CloseStarted close) {
      // remembered before the store is asked, so that a delegation committed meanwhile finds it (see delegated)
      synchronized (recentCloses) {
        recentCloses.put(close.channelId(), close.closesAt());
      }
    }
    if (store.channel(event.channelId()).isEmpty()) {
      store.advance(cursor);
      return;
    }
    store.apply(event, cursor).exceptionally(e -> {
      LOG.error("cannot record {}: {}", event, e.getMessage());
      return null;
    });
    if (event instanceof ChannelEvent.CloseStarted close) {
      LOG.info("channel {}: its publisher started a close ending at {}", close.channelId(), close.closesAt());
      redeemer.closeStarted(close.channelId(), close.closesAt());
    }
  }

  /** The close of a channel whose delegation was committed just now, if the follower saw one. */
  Optional<Long> recentClose(BigInteger channelId) {
    synchronized (recentCloses) {
      return Optional.ofNullable(recentCloses.get(channelId));
    }
  }

  /** The watcher's account (it pays the gas of redeems), 0x lower case. */
  public String account() {
    return chain.account();
  }

  /** Where providers reach it, with {@code /p2p/<peer id>}. */
  public Multiaddr address() {
    return address;
  }

  /** The base URL of its HTTP API. */
  public URI httpUrl() {
    return httpUrl;
  }

  /** The line printed once the watcher serves: {@code watcher 0x... ready on <multiaddr> http <url>}. */
  public String readyLine() {
    return "watcher " + account() + " ready on " + address + " http " + httpUrl;
  }

  /** Its database (for reading). */
  public WatcherStore store() {
    return store;
  }

  /** How many channels wait for a redeem. */
  public int pendingRedeems() {
    return redeemer.pending();
  }

  /** The database file of a watcher whose data directory is {@code dataDir}. */
  public static Path database(Path dataDir) {
    return dataDir.resolve(WatcherConfig.DATABASE_FILE);
  }

  private final class Api implements WatcherHttp.Source {
    @Override
    public JsonObject health() {
      WatcherStore.Counts counts = store.counts();
      Cursor cursor = follower == null ? null : follower.cursor();
      boolean reachable = System.currentTimeMillis() - chainClock.lastHeadAt() < 10 * HEAD_POLL_MS;
      return new JsonObject().put("status", reachable ? "ok" : "chain unreachable")
          .put("account", account()).put("peer", address == null ? null : address.toString())
          .put("chainId", chain.chainId()).put("chainHead", chainClock.headNumber())
          .put("chainReachable", reachable)
          .put("cursor", cursor == null ? null
              : new JsonObject().put("block", cursor.blockNumber()).put("logIndex", cursor.logIndex()))
          .put("eventsLive", follower != null && follower.isLive())
          .put("channelsHeld", counts.held()).put("channelsOpen", counts.open()).put("channelsClosing", counts.closing())
          .put("channelsClosed", counts.closed()).put("redeemsPending", redeemer.pending())
          .put("redeemTransactions", store.redeems().size());
    }

    @Override
    public String metrics() {
      return metrics.scrape();
    }

    @Override
    public Optional<WatchedChannel> channel(BigInteger id) {
      return store.channel(id);
    }

    @Override
    public long chainId() {
      return chain.chainId();
    }
  }

  /** Stops serving, commits what is queued and closes everything; safe to call twice (and from a shutdown hook). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (headTimer >= 0) {
      vertx.cancelTimer(headTimer);
    }
    try {
      host.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("closing the host: {}", e.getMessage());
    }
    try {
      http.close().await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("closing the HTTP server: {}", e.getMessage());
    }
    redeemer.close();
    if (follower != null) {
      follower.close();
    }
    store.close();
    chain.close();
    metrics.close();
    vertx.close();
  }
}
