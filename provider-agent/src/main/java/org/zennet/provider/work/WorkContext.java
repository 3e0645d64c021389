package org.zennet.provider.work;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.provider.ProviderConfig;
import org.zennet.provider.ProviderMetrics;
import org.zennet.provider.store.ProviderStore;
import org.zennet.runtime.TaskRuntime;

/** What the task and payment services need from the agent around them. */
public interface WorkContext {
  ProviderConfig config();

  ProviderStore store();

  TaskRuntime runtime();

  Vouchers vouchers();

  ProviderMetrics metrics();

  /** The job {@code jobId} if the provider has an agreement for it with {@code publisher}. */
  Optional<Engagement> engagement(BigInteger jobId, String publisher);

  /** The job paid by channel {@code channelId} with {@code publisher}. */
  Optional<Engagement> byChannel(BigInteger channelId, String publisher);

  /** Whether the agent is stopping (new tasks are refused as busy). */
  boolean stopping();

  /** Tasks running over all jobs. */
  int running();

  /**
   * Takes one of the provider's slots for a task: false when the agent is stopping or every slot is taken. A
   * task that got one gives it back with {@link #taskEnded}; the stop waits for those (its grace).
   */
  boolean tryStartTask();

  /** A task that {@link #tryStartTask} let run has ended. */
  void taskEnded();

  /**
   * Checks channel {@code channelId} on chain for the job (once; later calls share the first check): the job's
   * publisher, this provider, at least the agreed deposit, open. Fails with the reason otherwise.
   */
  Future<Void> verifyChannel(Engagement job, BigInteger channelId);

  /** Reads the channel's deposit again (after a top-up). */
  Future<BigInteger> refreshDeposit(Engagement job);

  /** Runs {@code work} on the store's single thread, in order with every other store write. */
  <T> Future<T> storeWork(Callable<T> work);

  /** A voucher was committed: the agent may redeem or delegate it. */
  void voucherCommitted(Engagement job, SignedVoucher voucher);
}
