package org.zennet.publisher.work;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Set;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.pay.Payer;
import org.zennet.publisher.results.ResultFiles;
import org.zennet.publisher.schedule.Scheduler;
import org.zennet.publisher.schedule.TaskOutcome;

/** What a {@link ProviderLink} needs from the job it works for. */
public interface JobServices {
  JobPlan plan();

  /** The job's id on chain. */
  BigInteger jobId();

  Scheduler scheduler();

  Payer payer();

  ResultFiles results();

  WireConfig wire();

  /** How long one run may take end to end (transfers and the task) before it is given up. */
  Duration runTimeout();

  /** Whether tasks may start (enough providers have channels). */
  boolean started();

  /** Task {@code task} settled with {@code outcome}; {@code provider}'s answer (on disk) is that outcome. */
  void settled(int task, TaskOutcome outcome, String provider);

  /** Verification found these providers in the minority. */
  void cheatersFound(Set<String> providers);

  /** What {@code channelId} owes is above its deposit: top it up if the budget allows. */
  void depositShort(BigInteger channelId);

  /** A provider answered a result its agreement does not allow (fuel above the limit, wrong task): a protocol breach. */
  void misbehaved(String provider, String what);
}
