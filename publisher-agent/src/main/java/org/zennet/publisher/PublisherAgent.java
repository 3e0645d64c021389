package org.zennet.publisher;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.publisher.chain.PublisherChain;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.store.PublisherStore;
import org.zennet.publisher.store.SqlitePublisherStore;
import org.zennet.runtime.TaskRuntime;

/**
 * The publisher agent: turns a job into paid, checked tasks across many providers and survives its own
 * crash (a job run again with the same manifest resumes from the database). One job runs at a time.
 */
public final class PublisherAgent implements AutoCloseable {
  private final PublisherConfig config;
  private final Credentials key;
  private final PublisherChain chain;
  private final PublisherStore store;
  private final TaskRuntime runtime;
  private final Clock clock;
  private final Vertx vertx;
  private final Host host;
  private volatile boolean stopping;
  private boolean running;

  private PublisherAgent(PublisherConfig config, Credentials key, PublisherChain chain, PublisherStore store,
      TaskRuntime runtime, Clock clock, HostConfig hostConfig) {
    this.config = config;
    this.key = key;
    this.chain = chain;
    this.store = store;
    this.runtime = runtime;
    this.clock = clock;
    this.vertx = Vertx.vertx();
    this.host = Host.create(vertx, HostKey.fromCredentials(key), hostConfig);
  }

  /**
   * A publisher as {@code key}, with its state in {@code config.database()}.
   *
   * @param runtime runs the reduce step (and nothing else: the map tasks run on providers)
   */
  public static PublisherAgent create(PublisherConfig config, Credentials key, PublisherChain chain,
      TaskRuntime runtime, Clock clock) throws IOException {
    return new PublisherAgent(config, key, chain, SqlitePublisherStore.open(config.database()), runtime, clock,
        HostConfig.DEFAULT);
  }

  /** The publisher's libp2p identity (its account key). */
  public PeerId peerId() {
    return host.peerId();
  }

  /** The publisher's account. */
  public String account() {
    return chain.account();
  }

  /**
   * Runs {@code plan} to its end, or resumes it when the database holds it unfinished. Blocks; call it on a
   * thread of its own (a virtual thread is fine).
   *
   * @param progress receives a snapshot about ten times a second
   * @throws PublisherException when the job cannot go on (budget, no providers in time)
   */
  public JobReport run(JobPlan plan, Consumer<Progress> progress) throws Exception {
    running = true;
    try {
      return new JobRun(config, plan, key, chain, store, runtime, host, vertx, clock, progress, () -> stopping).run();
    } finally {
      synchronized (this) {
        running = false;
        notifyAll();
      }
    }
  }

  /** The jobs in the database, oldest first. */
  public List<PublisherStore.Job> jobs() {
    return store.jobs();
  }

  /** The channels of job {@code job} (local id) as the database holds them. */
  public List<PublisherStore.Channel> channels(long job) {
    return store.channels(job);
  }

  /**
   * Settles the channels of job {@code job} whose challenge period is over (waiting for the others with
   * {@code wait}); the job is done once all are closed.
   *
   * @return how many channels are still open
   */
  public int settle(long job, boolean wait) throws Exception {
    int open = new Settlement(chain, store, clock).settle(job, wait).size();
    if (open == 0 && store.job(job).map(j -> j.state() == PublisherStore.JobState.CLOSING).orElse(false)) {
      store.setJobState(job, PublisherStore.JobState.DONE);
    }
    return open;
  }

  /** Takes {@code amount} wei (all the free escrow when null) out of escrow back to the account. */
  public BigInteger withdraw(BigInteger amount) throws Exception {
    BigInteger free = chain.escrow().get();
    BigInteger take = amount == null ? free : amount;
    if (take.signum() <= 0) {
      return BigInteger.ZERO;
    }
    if (take.compareTo(free) > 0) {
      throw new PublisherException("the free escrow holds " + free + " wei, less than the " + take + " asked");
    }
    chain.withdraw(take).get();
    return take;
  }

  /**
   * Stops a job that is running (its {@link #run} ends with a {@link JobStoppedException}, its state
   * committed, resumable) and then everything else. Safe from a shutdown hook.
   */
  @Override
  public void close() {
    stopping = true;
    synchronized (this) {
      long deadline = System.currentTimeMillis() + 30_000;
      while (running && System.currentTimeMillis() < deadline) {
        try {
          wait(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    try {
      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    vertx.close();
    store.close();
    chain.close();
  }
}
