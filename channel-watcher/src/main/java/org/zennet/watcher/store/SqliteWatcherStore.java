package org.zennet.watcher.store;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.chain.Cursor;

/**
 * {@link WatcherStore} in one SQLite file: WAL journal, {@code synchronous=FULL} (a commit is on disk before its
 * future completes). Writes go through one writer thread that commits whatever is queued together (a group
 * commit: a burst of delegations costs one fsync, not one each), each write in a savepoint of its own so that one
 * failing write does not take the others down. Reads use a second connection and see committed data only.
 *
 * <p>Amounts (uint256) are stored as 64 lower-case hex digits, so that SQL compares them as numbers.
 *
 * <p>{@link #openReadOnly} opens the file of a running watcher for reading (the {@code zennet} tools, tests).
 */
public final class SqliteWatcherStore implements WatcherStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteWatcherStore.class);
  static final int SCHEMA_VERSION = 1;
  /** The most queued writes one transaction takes. */
  private static final int MAX_GROUP = 2_000;
  private static final String COLUMNS =
      "id, publisher, provider, deposit, paid, closes_at, state, amount, signature, delegated_at";

  private final Path file;
  private final Connection reader;
  private final Connection writer;
  private final BlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writerThread;
  private volatile boolean closed;

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection db) throws SQLException;
  }

  private record Write<T>(Work<T> work, CompletableFuture<T> done) {}

  private SqliteWatcherStore(Path file, Connection reader, Connection writer) {
    this.file = file;
    this.reader = reader;
    this.writer = writer;
    if (writer != null) {
      this.writerThread = Thread.ofPlatform().daemon().name("zennet-watcher-store").start(this::writeLoop);
    } else {
      this.writerThread = null;
    }
  }

  /** Opens (creating when needed) the watcher database at {@code file}. */
  public static SqliteWatcherStore open(Path file) throws IOException {
    Connection writer = null;
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      writer = connection(file, false);
      migrate(writer, file);
      return new SqliteWatcherStore(file, connection(file, false), writer);
    } catch (SQLException e) {
      closeQuietly(writer);
      throw new IOException("cannot open the watcher database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the database at {@code file} for reading only, also while a watcher runs on it.
   *
   * @throws IOException when there is no database there, or it is not a watcher's
   */
  public static SqliteWatcherStore openReadOnly(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no watcher database at " + file);
    }
    Connection reader = null;
    try {
      reader = connection(file, true);
      try (Statement s = reader.createStatement();
          ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
        if (!r.next() || Integer.parseInt(r.getString(1)) != SCHEMA_VERSION) {
          throw new SQLException("not a watcher database of schema version " + SCHEMA_VERSION);
        }
      }
      return new SqliteWatcherStore(file, reader, null);
    } catch (SQLException | NumberFormatException e) {
      closeQuietly(reader);
      throw new IOException("cannot read the watcher database " + file + ": " + e.getMessage(), e);
    }
  }

  private static Connection connection(Path file, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    if (!readOnly) {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    }
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setReadOnly(readOnly);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  private static void migrate(Connection db, Path file) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
        if (r.next()) {
          int version = Integer.parseInt(r.getString(1));
          if (version != SCHEMA_VERSION) {
            throw new SQLException(file + " has schema version " + version + "; this build reads " + SCHEMA_VERSION);
          }
          return;
        }
      }
      db.setAutoCommit(false);
      s.execute("""
          CREATE TABLE channels(id TEXT PRIMARY KEY, publisher TEXT NOT NULL, provider TEXT NOT NULL,
            deposit TEXT NOT NULL, paid TEXT NOT NULL, closes_at INTEGER NOT NULL, state TEXT NOT NULL,
            amount TEXT NOT NULL, signature BLOB NOT NULL, delegated_at INTEGER NOT NULL)""");
      s.execute("CREATE INDEX channels_state ON channels(state)");
      s.execute("CREATE TABLE redeems(tx TEXT NOT NULL, channels INTEGER NOT NULL, total TEXT NOT NULL, at INTEGER NOT NULL)");
      s.execute("INSERT INTO meta VALUES('schema', '" + SCHEMA_VERSION + "')");
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  // ---- writes -------------------------------------------------------------------------------------------

  private <T> CompletableFuture<T> write(Work<T> work) {
    if (writer == null) {
      return CompletableFuture.failedFuture(new IllegalStateException(file + " is open read-only"));
    }
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the watcher database is closed"));
    }
    CompletableFuture<T> done = new CompletableFuture<>();
    queue.add(new Write<>(work, done));
    return done;
  }

  private void writeLoop() {
    List<Write<?>> group = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Write<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        commitGroup(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
      }
    }
  }

  /** Runs every write of {@code group} in one transaction, each in its own savepoint; completes them after the commit. */
  private void commitGroup(List<Write<?>> group) {
    List<Runnable> completions = new ArrayList<>(group.size());
    try {
      writer.setAutoCommit(false);
      for (Write<?> w : group) {
        completions.add(runOne(w));
      }
      writer.commit();
      completions.forEach(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      try {
        writer.rollback();
      } catch (SQLException ignored) {
        // the commit failed; nothing of the group is kept
      }
      StoreException failure = new StoreException("watcher database " + file + ": commit failed: " + e.getMessage(), e);
      LOG.error("{}", failure.getMessage());
      group.forEach(w -> w.done().completeExceptionally(failure));
    } finally {
      try {
        writer.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the next group sets it again
      }
    }
  }

  private <T> Runnable runOne(Write<T> w) throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute("SAVEPOINT one");
    }
    try {
      T value = w.work().run(writer);
      try (Statement s = writer.createStatement()) {
        s.execute("RELEASE one");
      }
      return () -> w.done().complete(value);
    } catch (SQLException | RuntimeException e) {
      try (Statement s = writer.createStatement()) {
        s.execute("ROLLBACK TO one");
        s.execute("RELEASE one");
      }
      StoreException failure = new StoreException("watcher database " + file + ": " + e.getMessage(), e);
      return () -> w.done().completeExceptionally(failure);
    }
  }

  @Override
  public CompletableFuture<BigInteger> hold(WatchedChannel c) {
    return write(db -> {
      update(db, "INSERT INTO channels(" + COLUMNS + ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
              + "amount = excluded.amount, signature = excluded.signature, delegated_at = excluded.delegated_at, "
              + "deposit = max(deposit, excluded.deposit), paid = max(paid, excluded.paid), "
              + "closes_at = CASE WHEN excluded.closes_at > 0 THEN excluded.closes_at ELSE closes_at END, "
              + "state = CASE WHEN state = 'CLOSED' OR excluded.state = 'CLOSED' THEN 'CLOSED' "
              + "WHEN state = 'CLOSING' OR excluded.state = 'CLOSING' THEN 'CLOSING' ELSE 'OPEN' END "
              + "WHERE excluded.amount > channels.amount",
          hex(c.channelId()), c.publisher(), c.provider(), hex(c.deposit()), hex(c.paid()), c.closesAt(), c.state().name(),
          hex(c.held()), c.voucher().signature(), c.delegatedAt());
      try (PreparedStatement p = db.prepareStatement("SELECT amount FROM channels WHERE id = ?")) {
        p.setString(1, hex(c.channelId()));
        try (ResultSet r = p.executeQuery()) {
          r.next();
          return new BigInteger(r.getString(1), 16);
        }
      }
    });
  }

  @Override
  public CompletableFuture<Void> apply(ChannelEvent event, Cursor cursor) {
    return write(db -> {
      String id = hex(event.channelId());
      switch (event) {
        case ChannelEvent.ToppedUp t -> update(db, "UPDATE channels SET deposit = max(deposit, ?) WHERE id = ?",
            hex(t.deposit()), id);
        case ChannelEvent.Redeemed r -> update(db, "UPDATE channels SET paid = max(paid, min(?, deposit)) WHERE id = ?",
            hex(r.cumulativeAmount()), id);
        case ChannelEvent.CloseStarted c -> update(db,
            "UPDATE channels SET state = 'CLOSING', closes_at = ? WHERE id = ? AND state <> 'CLOSED'", c.closesAt(), id);
        case ChannelEvent.Closed c -> update(db, "UPDATE channels SET state = 'CLOSED' WHERE id = ?", id);
        case ChannelEvent.Opened o -> {
          // a channel is opened before anyone can delegate for it: nothing held yet
        }
      }
      saveCursor(db, cursor);
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> advance(Cursor cursor) {
    return write(db -> {
      saveCursor(db, cursor);
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> refresh(WatchedChannel c) {
    return write(db -> {
      update(db, "UPDATE channels SET publisher = ?, provider = ?, deposit = ?, paid = max(paid, ?), closes_at = ?, "
              + "state = CASE WHEN state = 'CLOSED' THEN 'CLOSED' ELSE ? END WHERE id = ?",
          c.publisher(), c.provider(), hex(c.deposit()), hex(c.paid()), c.closesAt(), c.state().name(), hex(c.channelId()));
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> recordRedeem(String txHash, List<BigInteger> channels, BigInteger total, long at) {
    return write(db -> {
      update(db, "INSERT INTO redeems VALUES(?, ?, ?, ?)", txHash, channels.size(), total.toString(), at);
      return null;
    });
  }

  private static void saveCursor(Connection db, Cursor cursor) throws SQLException {
    update(db, "INSERT INTO meta VALUES('cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        cursor.blockNumber() + ":" + cursor.logIndex());
  }

  private static int update(Connection db, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      return p.executeUpdate();
    }
  }

  // ---- reads --------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Row<T> {
    T map(ResultSet r) throws SQLException;
  }

  private synchronized <T> List<T> query(String sql, Row<T> row, Object... args) {
    try (PreparedStatement p = reader.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (r.next()) {
          out.add(row.map(r));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new StoreException("watcher database " + file + ": reading failed: " + e.getMessage(), e);
    }
  }

  private static WatchedChannel channel(ResultSet r) throws SQLException {
    BigInteger id = new BigInteger(r.getString("id"), 16);
    return new WatchedChannel(id, r.getString("publisher"), r.getString("provider"),
        new BigInteger(r.getString("deposit"), 16), new BigInteger(r.getString("paid"), 16), r.getLong("closes_at"),
        ChannelInfo.State.valueOf(r.getString("state")),
        new SignedVoucher(new Voucher(id, new BigInteger(r.getString("amount"), 16)), r.getBytes("signature")),
        r.getLong("delegated_at"));
  }

  @Override
  public Optional<WatchedChannel> channel(BigInteger channelId) {
    return query("SELECT " + COLUMNS + " FROM channels WHERE id = ?", SqliteWatcherStore::channel, hex(channelId))
        .stream().findFirst();
  }

  @Override
  public List<WatchedChannel> unredeemed() {
    return query("SELECT " + COLUMNS + " FROM channels WHERE state <> 'CLOSED' AND amount > paid",
        SqliteWatcherStore::channel).stream().filter(c -> c.unredeemed().signum() > 0).toList();
  }

  @Override
  public Optional<Cursor> cursor() {
    return query("SELECT value FROM meta WHERE key = 'cursor'", r -> r.getString(1)).stream().findFirst().map(text -> {
      String[] parts = text.split(":");
      return new Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    });
  }

  @Override
  public Counts counts() {
    long[] n = new long[3];
    query("SELECT state, count(*) FROM channels GROUP BY state", r -> {
      switch (r.getString(1)) {
        case "OPEN" -> n[0] = r.getLong(2);
        case "CLOSING" -> n[1] = r.getLong(2);
        default -> n[2] += r.getLong(2);
      }
      return null;
    });
    return new Counts(n[0] + n[1] + n[2], n[0], n[1], n[2]);
  }

  @Override
  public List<Redeem> redeems() {
    return query("SELECT tx, channels, total, at FROM redeems ORDER BY rowid",
        r -> new Redeem(r.getString(1), r.getInt(2), new BigInteger(r.getString(3)), r.getLong(4)));
  }

  /** A uint256 as 64 lower-case hex digits (text order is number order). */
  static String hex(BigInteger value) {
    String h = value.toString(16);
    if (h.length() > 64 || value.signum() < 0) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    return "0".repeat(64 - h.length()) + h.toLowerCase(Locale.ROOT);
  }

  /** Commits what is queued, then closes both connections. */
  @Override
  public void close() {
    closed = true;
    if (writerThread != null) {
      try {
        writerThread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(writer);
    }
    synchronized (this) {
      closeQuietly(reader);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
