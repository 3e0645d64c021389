package org.zennet.provider.store;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;

/**
 * {@link ProviderStore} in one SQLite file: WAL journal, {@code synchronous=FULL} (a commit is on disk before it
 * returns, so a voucher is durable before it is acknowledged), one connection used under this object's lock.
 * Amounts and ids are decimal text (uint256). {@link #openReadOnly} reads the file while an agent writes it.
 */
public final class SqliteProviderStore implements ProviderStore {
  static final int SCHEMA_VERSION = 1;
  private final Connection db;
  private final boolean readOnly;

  private SqliteProviderStore(Connection db, boolean readOnly) {
    this.db = db;
    this.readOnly = readOnly;
  }

  /** Opens (creating when needed) the store at {@code file}. */
  public static SqliteProviderStore open(Path file) throws IOException {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.setBusyTimeout(10_000);
      Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      SqliteProviderStore store = new SqliteProviderStore(db, false);
      store.migrate(file);
      return store;
    } catch (SQLException e) {
      throw new IOException("cannot open the provider database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code file} for reading only, without touching the chain or a running agent (WAL lets it read while
   * the agent writes).
   *
   * @throws IOException when there is no such database or it is not a provider's
   */
  public static SqliteProviderStore openReadOnly(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no provider database at " + file + " (has 'zennet provide' run with this config?)");
    }
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      config.setBusyTimeout(10_000);
      Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
        if (!r.next() || Integer.parseInt(r.getString(1)) != SCHEMA_VERSION) {
          db.close();
          throw new IOException(file + " is not a provider database of schema version " + SCHEMA_VERSION);
        }
      }
      return new SqliteProviderStore(db, true);
    } catch (SQLException e) {
      throw new IOException("cannot read the provider database " + file + ": " + e.getMessage(), e);
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
          CREATE TABLE jobs(job_id TEXT PRIMARY KEY, publisher TEXT NOT NULL, endpoint TEXT NOT NULL,
            manifest BLOB NOT NULL, terms BLOB NOT NULL, publisher_sig BLOB NOT NULL, provider_sig BLOB NOT NULL,
            price TEXT NOT NULL, slots INTEGER NOT NULL, increment INTEGER NOT NULL, deposit TEXT NOT NULL,
            expires_at INTEGER NOT NULL, channel_id TEXT UNIQUE, fuel INTEGER NOT NULL DEFAULT 0,
            tasks INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL, seq INTEGER NOT NULL)""");
      s.execute("""
          CREATE TABLE channels(channel_id TEXT PRIMARY KEY, job_id TEXT NOT NULL REFERENCES jobs(job_id),
            amount TEXT, signature BLOB, redeemed TEXT NOT NULL DEFAULT '0', closed INTEGER NOT NULL DEFAULT 0)""");
      s.execute("CREATE TABLE deny(publisher TEXT PRIMARY KEY, reason TEXT NOT NULL)");
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
      throw new StoreException("provider database: " + what + " failed: " + e.getMessage(), e);
    }
  }

  private synchronized <T> T transaction(String what, Work<T> work) {
    if (readOnly) {
      throw new IllegalStateException("the provider database was opened read-only");
    }
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
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      return p.executeUpdate();
    }
  }

  @Override
  public Optional<Cursor> cursor() {
    return locked("reading the cursor", () -> {
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'cursor'")) {
        if (!r.next()) {
          return Optional.empty();
        }
        String[] parts = r.getString(1).split(":");
        return Optional.of(new Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
      }
    });
  }

  @Override
  public void saveCursor(Cursor cursor) {
    transaction("saving the cursor", () -> update("INSERT INTO meta VALUES('cursor', ?) ON CONFLICT(key) DO UPDATE SET "
        + "value = excluded.value", cursor.blockNumber() + ":" + cursor.logIndex()));
  }

  @Override
  public void addJob(Job j) {
    transaction("recording the agreement of job " + j.jobId(), () -> update("""
        INSERT INTO jobs(job_id, publisher, endpoint, manifest, terms, publisher_sig, provider_sig, price, slots,
          increment, deposit, expires_at, state, seq)
        VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs))""",
        j.jobId().toString(), j.publisher(), j.endpoint(), j.manifest(), j.terms(), j.publisherSignature(),
        j.providerSignature(), j.price().toString(), j.slots(), j.incrementMegaFuel(), j.deposit().toString(),
        j.expiresAt(), JobState.AGREED.name()));
  }

  private static final String JOB_COLUMNS = "job_id, publisher, endpoint, manifest, terms, publisher_sig, provider_sig, "
      + "price, slots, increment, deposit, expires_at, channel_id, fuel, tasks, state";

  private static Job job(ResultSet r) throws SQLException {
    String channel = r.getString(13);
    return new Job(new BigInteger(r.getString(1)), r.getString(2), r.getString(3), r.getBytes(4), r.getBytes(5),
        r.getBytes(6), r.getBytes(7), new BigInteger(r.getString(8)), r.getInt(9), r.getLong(10),
        new BigInteger(r.getString(11)), r.getLong(12), channel == null ? null : new BigInteger(channel), r.getLong(14),
        r.getLong(15), JobState.valueOf(r.getString(16)));
  }

  @Override
  public Optional<Job> job(BigInteger jobId) {
    return locked("reading job " + jobId, () -> {
      try (PreparedStatement p = db.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE job_id = ?")) {
        p.setString(1, jobId.toString());
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.of(job(r)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Job> jobs() {
    return locked("reading the jobs", () -> {
      List<Job> out = new ArrayList<>();
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT " + JOB_COLUMNS + " FROM jobs ORDER BY seq")) {
        while (r.next()) {
          out.add(job(r));
        }
      }
      return out;
    });
  }

  @Override
  public void setState(BigInteger jobId, JobState state) {
    transaction("setting the state of job " + jobId, () -> update("UPDATE jobs SET state = ? WHERE job_id = ?",
        state.name(), jobId.toString()));
  }

  @Override
  public void channelVerified(BigInteger jobId, BigInteger channelId) {
    transaction("recording channel " + channelId, () -> {
      update("UPDATE jobs SET channel_id = ?, state = ? WHERE job_id = ?", channelId.toString(), JobState.WORKING.name(),
          jobId.toString());
      return update("INSERT INTO channels(channel_id, job_id) VALUES(?, ?) ON CONFLICT(channel_id) DO NOTHING",
          channelId.toString(), jobId.toString());
    });
  }

  @Override
  public void addResult(BigInteger jobId, long fuel) {
    transaction("recording a result of job " + jobId, () -> update(
        "UPDATE jobs SET fuel = fuel + ?, tasks = tasks + 1 WHERE job_id = ?", fuel, jobId.toString()));
  }

  @Override
  public BigInteger commitVoucher(BigInteger jobId, SignedVoucher voucher) {
    BigInteger channel = voucher.voucher().channelId();
    return transaction("committing a voucher of channel " + channel, () -> {
      update("INSERT INTO channels(channel_id, job_id) VALUES(?, ?) ON CONFLICT(channel_id) DO NOTHING",
          channel.toString(), jobId.toString());
      BigInteger held = held(channel);
      BigInteger amount = voucher.voucher().cumulativeAmount();
      if (amount.compareTo(held) > 0) {
        update("UPDATE channels SET amount = ?, signature = ? WHERE channel_id = ?", amount.toString(),
            voucher.signature(), channel.toString());
        return amount;
      }
      return held;
    });
  }

  private BigInteger held(BigInteger channel) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("SELECT amount FROM channels WHERE channel_id = ?")) {
      p.setString(1, channel.toString());
      try (ResultSet r = p.executeQuery()) {
        return r.next() && r.getString(1) != null ? new BigInteger(r.getString(1)) : BigInteger.ZERO;
      }
    }
  }

  private static Money money(ResultSet r) throws SQLException {
    BigInteger channel = new BigInteger(r.getString(1));
    String amount = r.getString(3);
    SignedVoucher best = amount == null ? null : new SignedVoucher(new Voucher(channel, new BigInteger(amount)),
        r.getBytes(4));
    return new Money(channel, new BigInteger(r.getString(2)), best, new BigInteger(r.getString(5)), r.getInt(6) != 0);
  }

  private static final String MONEY_COLUMNS = "channel_id, job_id, amount, signature, redeemed, closed";

  @Override
  public Optional<Money> money(BigInteger channelId) {
    return locked("reading channel " + channelId, () -> {
      try (PreparedStatement p = db.prepareStatement("SELECT " + MONEY_COLUMNS + " FROM channels WHERE channel_id = ?")) {
        p.setString(1, channelId.toString());
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.of(money(r)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Money> money() {
    return locked("reading the channels", () -> {
      List<Money> out = new ArrayList<>();
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT " + MONEY_COLUMNS + " FROM channels ORDER BY CAST(channel_id AS INTEGER)")) {
        while (r.next()) {
          out.add(money(r));
        }
      }
      return out;
    });
  }

  @Override
  public void redeemed(BigInteger channelId, BigInteger amount, boolean closed) {
    transaction("recording a payout of channel " + channelId, () -> update(
        "UPDATE channels SET redeemed = ?, closed = MAX(closed, ?) WHERE channel_id = ?", amount.toString(),
        closed ? 1 : 0, channelId.toString()));
  }

  @Override
  public void deny(String publisher, String reason) {
    transaction("denying " + publisher, () -> update(
        "INSERT INTO deny VALUES(?, ?) ON CONFLICT(publisher) DO UPDATE SET reason = excluded.reason", publisher, reason));
  }

  @Override
  public Set<String> denied() {
    return locked("reading the deny list", () -> {
      Set<String> out = new LinkedHashSet<>();
      try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT publisher FROM deny")) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
