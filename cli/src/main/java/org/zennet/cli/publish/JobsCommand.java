package org.zennet.cli.publish;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.zennet.cli.DeploymentOption;
import org.zennet.cli.StateDir;
import org.zennet.cli.UserError;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.contracts.Xen;
import org.zennet.publisher.PublisherAgent;
import org.zennet.publisher.PublisherConfig;
import org.zennet.publisher.chain.ContractsPublisherChain;
import org.zennet.publisher.store.PublisherStore;
import org.zennet.publisher.store.SqlitePublisherStore;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zennet jobs}: the publisher's jobs, and settling and withdrawing what they left in escrow. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "List this publisher's jobs (from its database in --home) and their state.",
    subcommands = {JobsCommand.Settle.class, JobsCommand.Withdraw.class})
public final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;

  static Path database(Path home) {
    Path db = home.resolve("publisher.sqlite");
    if (!Files.exists(db)) {
      throw new UserError("no publisher database at " + db + ": no job was published from this --home");
    }
    return db;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (PublisherStore store = SqlitePublisherStore.open(database(state.path()))) {
      List<PublisherStore.Job> jobs = store.jobs();
      out.printf("%-5s %-8s %-9s %-20s %9s %8s %14s  %s%n", "local", "chain id", "state", "posted", "channels",
          "open", "signed XEN", "output");
      for (PublisherStore.Job j : jobs) {
        List<PublisherStore.Channel> channels = store.channels(j.id());
        long open = channels.stream().filter(c -> c.channelId() != null && !c.closed()).count();
        BigInteger signed = channels.stream().map(PublisherStore.Channel::signed).reduce(BigInteger.ZERO, BigInteger::add);
        out.printf("%-5d %-8s %-9s %-20s %9d %8d %14s  %s%n", j.id(), j.chainJobId(), j.state(),
            Instant.ofEpochSecond(j.createdAt()).toString().substring(0, 19), channels.size(), open,
            Xen.format(signed), j.output());
      }
      if (jobs.isEmpty()) {
        out.println("(no jobs)");
      }
    }
    return 0;
  }

  /** Options to act on chain as the publisher. */
  static final class Publisher {
    @Mixin DeploymentOption deployment;
    @Mixin PasswordOptions password;

    @Option(names = "--keystore", required = true, paramLabel = "FILE", description = "The publisher's keystore.")
    Path keystore;

    PublisherAgent agent(TaskRuntime runtime) throws IOException {
      Credentials key = Accounts.unlock(keystore, password);
      return PublisherAgent.create(PublisherConfig.defaults(database(deployment.home())), key,
          ContractsPublisherChain.connect(deployment.read(), key), runtime, Clock.systemUTC());
    }
  }

  /** {@code zennet jobs settle}. */
  @Command(name = "settle", mixinStandardHelpOptions = true,
      description = "Settle the channels the publisher closed whose challenge period is over (all jobs, or one).")
  static final class Settle implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Publisher publisher;

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "The local job id (see 'zennet jobs').")
    Long job;

    @Option(names = "--wait", description = "Wait until every channel can be settled.")
    boolean await;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1));
          PublisherAgent agent = publisher.agent(runtime)) {
        int stillOpen = 0;
        for (PublisherStore.Job j : agent.jobs()) {
          if ((job == null || job == j.id()) && j.state() == PublisherStore.JobState.CLOSING) {
            int open = agent.settle(j.id(), await);
            out.printf("job %d: %s%n", j.id(), open == 0 ? "every channel closed" : open + " channels still in their challenge period");
            stillOpen += open;
          }
        }
        return stillOpen == 0 ? 0 : 3;
      }
    }
  }

  /** {@code zennet jobs withdraw}. */
  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = "Take XEN out of the publisher's free escrow back to its account (all of it by default).")
  static final class Withdraw implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Publisher publisher;

    @Option(names = "--amount", paramLabel = "XEN", description = "How much; default all of the free escrow.")
    String amount;

    @Override
    public Integer call() throws Exception {
      BigInteger wei = null;
      if (amount != null) {
        try {
          wei = Xen.parse(amount);
        } catch (IllegalArgumentException e) {
          throw new UserError("--amount: " + e.getMessage(), 2);
        }
      }
      try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1));
          PublisherAgent agent = publisher.agent(runtime)) {
        BigInteger took = agent.withdraw(wei);
        spec.commandLine().getOut().printf("withdrew %s XEN from escrow%n", Xen.format(took));
        return 0;
      }
    }
  }
}
