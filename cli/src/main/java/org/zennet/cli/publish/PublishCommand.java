package org.zennet.cli.publish;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.zennet.cli.ConfigFile;
import org.zennet.cli.DeploymentOption;
import org.zennet.cli.UserError;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.contracts.Xen;
import org.zennet.protocol.wire.Pricing;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.JobStoppedException;
import org.zennet.publisher.PublisherAgent;
import org.zennet.publisher.PublisherConfig;
import org.zennet.publisher.PublisherException;
import org.zennet.publisher.chain.ContractsPublisherChain;
import org.zennet.publisher.job.InvalidJobException;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.job.JobSpec;
import org.zennet.publisher.job.TaskSpec;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskFailure;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskResult;
import org.zennet.runtime.TaskRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zennet publish}: run a job across the providers of the market. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {
        "Publish a job and collect its results: deposit the budget into escrow, post the job, negotiate with the "
            + "providers that answer, open their channels in one transaction, send the tasks, check a sample by "
            + "replication, pay per result, reduce, close. A job interrupted (Ctrl-C, a crash) resumes when it is "
            + "published again with the same file.",
        "The job file is YAML; see docs/publisher.md. --dry-run checks it and runs one task locally to estimate "
            + "the fuel and the cost, without touching the chain."})
public final class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DeploymentOption deploymentOption;
  @Mixin PasswordOptions password;

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "The job file.")
  Path jobFile;

  @Option(names = "--dry-run", description = "Check the job and estimate its fuel and cost by running one task locally.")
  boolean dryRun;

  @Option(names = "--keystore", paramLabel = "FILE", description = "The publisher's keystore (it pays and signs).")
  Path keystore;

  @Option(names = "--listen", paramLabel = "MULTIADDR", defaultValue = PublisherConfig.DEFAULT_LISTEN,
      description = "Where providers reach the publisher. Default: ${DEFAULT-VALUE}.")
  String listen;

  @Option(names = "--announce", paramLabel = "MULTIADDR",
      description = "The address posted on chain, when providers reach the publisher at another address than --listen.")
  String announce;

  @Option(names = "--close-grace", paramLabel = "SECONDS", defaultValue = "20",
      description = "After the job, how long providers get to close their own channels. Default: ${DEFAULT-VALUE}.")
  long closeGrace;

  @Option(names = "--wait-settle", description = "Wait out the challenge period and settle the channels the publisher "
      + "closed (otherwise run 'zennet jobs settle' later).")
  boolean waitSettle;

  @Option(names = "--output", paramLabel = "DIR", description = "Where the results go (overrides the job file's output).")
  Path output;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JobSpec jobSpec = ConfigFile.read(jobFile, JobSpec.class);
    if (output != null) {
      jobSpec = jobSpec.withOutput(output);
    }
    JobPlan plan;
    try {
      plan = JobPlan.of(jobSpec);
    } catch (InvalidJobException e) {
      throw new UserError(jobFile + ": " + e.getMessage());
    }
    if (dryRun) {
      return dryRun(out, plan);
    }
    if (keystore == null) {
      throw new UserError("--keystore is required to publish (the publisher's account pays and signs)", 2);
    }
    Credentials key = Accounts.unlock(keystore, password);
    PublisherConfig config = PublisherConfig.defaults(deploymentOption.home().resolve("publisher.sqlite")).withListen(listen)
        .withCloseGrace(Duration.ofSeconds(closeGrace)).withWaitForSettle(waitSettle);
    if (announce != null) {
      config = new PublisherConfig(config.database(), config.listen(), announce, config.closeGrace(),
          config.providerGone(), config.channelBatchDelay(), config.verificationWait(), config.waitForSettle());
    }
    try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT);
        PublisherAgent agent = PublisherAgent.create(config, key,
            ContractsPublisherChain.connect(deploymentOption.read(), key), runtime, Clock.systemUTC());
        ProgressView view = ProgressView.open(spec.commandLine().getErr(), plan.tasks().size())) {
      // Ctrl-C or SIGTERM: the job stops with its state committed; publishing the same file again resumes it
      Thread stopOnSignal = new Thread(agent::close, "publisher-stop");
      Runtime.getRuntime().addShutdownHook(stopOnSignal);
      JobReport report;
      try {
        report = agent.run(plan, view::update);
      } catch (PublisherException e) {
        throw new UserError(e.getMessage());
      } catch (JobStoppedException e) {
        view.close();
        spec.commandLine().getErr().println("stopped: the job's state is committed; run the same 'zennet publish "
            + jobFile + "' to resume it");
        return 1;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it stops the agent
        }
      }
      view.close();
      out.print(report.table());
      out.println("summary: " + Path.of(report.output()).resolve("summary.json"));
      if ("CLOSING".equals(report.state())) {
        out.println("Channels the publisher closed can be settled after the challenge period: zennet jobs settle");
      }
      return report.succeeded() ? 0 : 1;
    }
  }

  private int dryRun(PrintWriter out, JobPlan plan) throws Exception {
    JobSpec s = plan.spec();
    out.printf("job %s: %d tasks, module %s (%d bytes, sha256 %s)%n", s.name(), plan.tasks().size(),
        s.module() != null ? s.module() : "sample " + s.sample(), plan.module().bytes().length, plan.module().sha256());
    out.printf("caps per task: %,d fuel, %d MiB, %d s, %,d output bytes; replication %.0f%%, reduce %s%n",
        s.fuelPerTask(), s.memoryMb(), s.taskTimeout().toSeconds(), s.maxOutputBytes(), s.replication() * 100,
        s.reduce().kind());
    TaskSpec first = plan.tasks().get(0);
    try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1))) {
      TaskResult r = runtime.run(plan.module(), new TaskInput(plan.input(first), first.args(), first.index()),
          new TaskLimits(s.fuelPerTask(), s.memoryPages(), s.taskTimeout(), s.maxOutputBytes(),
              TaskLimits.DEFAULT_MAX_STDERR_BYTES));
      long estimate = r.fuelUsed() * plan.tasks().size();
      BigInteger cost = Pricing.owed(Math.round(estimate * (1 + s.replication())), s.maxPricePerMegaFuel());
      out.printf("task 0 ran locally: exit %d, %,d fuel, %d output bytes, %d ms%n", r.exitCode(), r.fuelUsed(),
          r.stdout().length, r.wallTime().toMillis());
      out.printf("estimate: %,d fuel for the job (+%.0f%% replicas), at most %s XEN at the maximum price; budget %s XEN%n",
          estimate, s.replication() * 100, Xen.format(cost), Xen.format(s.budgetWei()));
      if (cost.compareTo(s.budgetWei()) > 0) {
        out.println("warning: the budget does not cover the estimate; the job may stop short of its end");
      }
    } catch (TaskFailure e) {
      throw new UserError("task 0 fails locally (" + e.reason() + "): " + e.getMessage()
          + "; fix the module or its caps before paying for it");
    }
    out.println("the job file is valid; publish it without --dry-run");
    return 0;
  }
}
