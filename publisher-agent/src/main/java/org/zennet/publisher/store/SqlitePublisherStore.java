package org.zennet.publisher.store;

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
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.zennet.publisher.schedule.TaskOutcome;

/**
 * {@link PublisherStore} in one SQLite file: WAL journal, {@code synchronous=FULL} (every commit is on disk
 * before it returns), one connection used under this object's lock. Amounts are decimal text (uint256).
 */
public final class SqlitePublisherStore implements PublisherStore {
  static final int SCHEMA_VERSION = 1;
  private final Connection db;

  private SqlitePublisherStore(Connection db) {
    this.db = db;
  }

  /** Opens (creating when needed) the store at {@code file}. */
  public static SqlitePublisherStore open(Path file) throws IOException {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.enforceForeignKeys(true);
      config.setBusyTimeout(10_000);
      Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      SqlitePublisherStore store = new SqlitePublisherStore(db);
      store.migrate(file);
      return store;
    } catch (SQLException e) {
      throw new IOException("cannot open the publisher database " + file + ": " + e.getMessage(), e);
    }
  }

  private void migrate(Path file) throws SQLException {
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
          CREATE TABLE jobs(id INTEGER PRIMARY KEY AUTOINCREMENT, chain_job_id TEXT NOT NULL, manifest BLOB NOT NULL,
            manifest_sha256 TEXT NOT NULL, spec_file TEXT NOT NULL, listen TEXT NOT NULL, sampled BLOB NOT NULL,
            output TEXT NOT NULL, state TEXT NOT NULL, created_at INTEGER NOT NULL, accept_before INTEGER NOT NULL)""");
      s.execute("""
          CREATE TABLE channels(job INTEGER NOT NULL REFERENCES jobs(id), provider TEXT NOT NULL, peer TEXT NOT NULL,
            terms BLOB NOT NULL,
            publisher_sig BLOB NOT NULL, provider_sig BLOB NOT NULL, price TEXT NOT NULL, slots INTEGER NOT NULL,
            deposit TEXT NOT NULL, channel_id TEXT UNIQUE, fuel INTEGER NOT NULL DEFAULT 0,
            signed TEXT NOT NULL DEFAULT '0', tasks INTEGER NOT NULL DEFAULT 0, cut INTEGER NOT NULL DEFAULT 0,
            closed INTEGER NOT NULL DEFAULT 0, closes_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(job, provider))""");
      s.execute("""
          CREATE TABLE tasks(job INTEGER NOT NULL REFERENCES jobs(id), idx INTEGER NOT NULL, output_sha256 TEXT NOT NULL,
            fuel INTEGER NOT NULL, exit_code INTEGER NOT NULL, output_size INTEGER NOT NULL,
            unverified INTEGER NOT NULL, PRIMARY KEY(job, idx))""");
      s.execute("""
          CREATE TABLE txs(job INTEGER NOT NULL, kind TEXT NOT NULL, hash TEXT NOT NULL, gas INTEGER NOT NULL)""");
      s.execute("""
          CREATE TABLE reputation(provider TEXT PRIMARY KEY, good INTEGER NOT NULL, bad INTEGER NOT NULL,
            banned INTEGER NOT NULL)""");
      s.execute("INSERT INTO meta VALUES('schema', '" + SCHEMA_VERSION + "')");
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private synchronized <T> T locked(String what, Work<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new StoreException("publisher database: " + what + " failed: " + e.getMessage(), e);
    }
  }

  private synchronized <T> T transaction(String what, Work<T> work) {
    return locked(what, () -> {
      db.setAutoCommit(false);
      try {
        T result = work.run();
        db.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    });
  }

  private int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      bind(p, args);
      return p.executeUpdate();
    }
  }

  private static void bind(PreparedStatement p, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      p.setObject(i + 1, a instanceof BigInteger b ? b.toString() : a instanceof Boolean b ? (b ? 1 : 0) : a);
    }
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      bind(p, args);
      try (ResultSet r = p.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (r.next()) {
          out.add(mapper.map(r));
        }
        return out;
      }
    }
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet r) throws SQLException;
  }

  @Override
  public long addJob(Job job) {
    return transaction("adding a job", () -> {
      update("INSERT INTO jobs(chain_job_id, manifest, manifest_sha256, spec_file, listen, sampled, output, state,"
              + " created_at, accept_before) VALUES(?,?,?,?,?,?,?,?,?,?)", job.chainJobId(), job.manifest(),
          java.util.HexFormat.of().formatHex(org.zennet.protocol.manifest.JobManifest.sha256(job.manifest())), job.specFile(), job.listen(),
          job.sampled(), job.output(), job.state().name(), job.createdAt(), job.acceptBefore());
      try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT last_insert_rowid()")) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  @Override
  public void setJobState(long job, JobState state) {
    locked("setting a job's state", () -> update("UPDATE jobs SET state = ? WHERE id = ?", state.name(), job));
  }

  private static Job job(ResultSet r) throws SQLException {
    return new Job(r.getLong("id"), new BigInteger(r.getString("chain_job_id")), r.getBytes("manifest"),
        r.getString("spec_file"), r.getString("listen"), r.getBytes("sampled"), r.getString("output"),
        JobState.valueOf(r.getString("state")), r.getLong("created_at"), r.getLong("accept_before"));
  }

  @Override
  public Optional<Job> job(long id) {
    return locked("reading a job", () -> query("SELECT * FROM jobs WHERE id = ?", SqlitePublisherStore::job, id)
        .stream().findFirst());
  }

  @Override
  public Optional<Job> unfinishedJob(String manifestSha256) {
    return locked("finding a job", () -> query("SELECT * FROM jobs WHERE manifest_sha256 = ? AND state NOT IN"
        + " ('DONE', 'FAILED') ORDER BY id DESC LIMIT 1", SqlitePublisherStore::job, manifestSha256).stream().findFirst());
  }

  @Override
  public List<Job> jobs() {
    return locked("listing jobs", () -> query("SELECT * FROM jobs ORDER BY id", SqlitePublisherStore::job));
  }

  @Override
  public void addAgreement(Channel a) {
    locked("recording an agreement", () -> update("INSERT INTO channels(job, provider, peer, terms, publisher_sig,"
            + " provider_sig, price, slots, deposit) VALUES(?,?,?,?,?,?,?,?,?)", a.job(), a.provider(), a.peer(), a.terms(),
        a.publisherSignature(), a.providerSignature(), a.price(), a.slots(), a.deposit()));
  }

  @Override
  public void channelOpened(long job, String provider, BigInteger channelId, BigInteger deposit) {
    locked("recording a channel", () -> update("UPDATE channels SET channel_id = ?, deposit = ? WHERE job = ? AND"
        + " provider = ?", channelId, deposit, job, provider));
  }

  @Override
  public void commitPayments(List<Payment> payments) {
    if (payments.isEmpty()) {
      return;
    }
    transaction("committing payments", () -> {
      try (PreparedStatement p = db.prepareStatement(
          "UPDATE channels SET fuel = ?, signed = ?, tasks = ? WHERE channel_id = ?")) {
        for (Payment pay : payments) {
          bind(p, pay.fuel(), pay.signed(), pay.tasks(), pay.channelId());
          p.addBatch();
        }
        p.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void topUp(BigInteger channelId, BigInteger newDeposit) {
    locked("recording a top-up", () -> update("UPDATE channels SET deposit = ? WHERE channel_id = ?", newDeposit,
        channelId));
  }

  @Override
  public void cut(BigInteger channelId) {
    locked("cutting a provider off", () -> update("UPDATE channels SET cut = 1 WHERE channel_id = ?", channelId));
  }

  @Override
  public void closing(BigInteger channelId, long closesAt) {
    locked("recording a close", () -> update("UPDATE channels SET closes_at = ? WHERE channel_id = ?", closesAt,
        channelId));
  }

  @Override
  public void closed(BigInteger channelId) {
    locked("recording a closed channel", () -> update("UPDATE channels SET closed = 1 WHERE channel_id = ?",
        channelId));
  }

  @Override
  public List<Channel> channels(long job) {
    return locked("reading channels", () -> query("SELECT * FROM channels WHERE job = ? ORDER BY rowid", r ->
        new Channel(r.getLong("job"), r.getString("provider"), r.getString("peer"), r.getBytes("terms"), r.getBytes("publisher_sig"),
            r.getBytes("provider_sig"), new BigInteger(r.getString("price")), r.getInt("slots"),
            new BigInteger(r.getString("deposit")),
            r.getString("channel_id") == null ? null : new BigInteger(r.getString("channel_id")), r.getLong("fuel"),
            new BigInteger(r.getString("signed")), r.getLong("tasks"), r.getInt("cut") != 0,
            r.getInt("closed") != 0, r.getLong("closes_at")), job));
  }

  @Override
  public void settle(long job, Settled t) {
    locked("recording a settled task", () -> update("INSERT OR REPLACE INTO tasks VALUES(?,?,?,?,?,?,?)", job,
        t.task(), t.outcome().outputSha256(), t.outcome().fuelUsed(), t.outcome().exitCode(),
        t.outcome().outputSize(), t.unverified()));
  }

  @Override
  public List<Settled> settled(long job) {
    return locked("reading settled tasks", () -> query("SELECT * FROM tasks WHERE job = ? ORDER BY idx", r ->
        new Settled(r.getInt("idx"), new TaskOutcome(r.getString("output_sha256"), r.getLong("fuel"),
            r.getInt("exit_code"), r.getLong("output_size")), r.getInt("unverified") != 0), job));
  }

  @Override
  public void addTransaction(ChainTx tx) {
    locked("recording a transaction", () -> update("INSERT INTO txs VALUES(?,?,?,?)", tx.job(), tx.kind(), tx.hash(),
        tx.gasUsed()));
  }

  @Override
  public List<ChainTx> transactions(long job) {
    return locked("reading transactions", () -> query("SELECT * FROM txs WHERE job = ? ORDER BY rowid",
        r -> new ChainTx(r.getLong("job"), r.getString("kind"), r.getString("hash"), r.getLong("gas")), job));
  }

  @Override
  public void recordReputation(String provider, long good, long bad, boolean ban) {
    locked("recording reputation", () -> update("INSERT INTO reputation VALUES(?,?,?,?) ON CONFLICT(provider) DO"
            + " UPDATE SET good = good + excluded.good, bad = bad + excluded.bad, banned = MAX(banned, excluded.banned)",
        provider, good, bad, ban));
  }

  @Override
  public Optional<Reputation> reputation(String provider) {
    return locked("reading reputation", () -> query("SELECT * FROM reputation WHERE provider = ?", r ->
        new Reputation(r.getString("provider"), r.getLong("good"), r.getLong("bad"), r.getInt("banned") != 0),
        provider).stream().findFirst());
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StoreException("closing the publisher database failed: " + e.getMessage(), e);
    }
  }
}
