package org.zennet.cli.demo;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.zennet.cli.UserError;
import org.zennet.cli.publish.ProgressView;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.PublisherAgent;
import org.zennet.publisher.PublisherConfig;
import org.zennet.publisher.chain.ContractsPublisherChain;
import org.zennet.publisher.job.JobPlan;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet demo}: the main job, end to end, on one machine. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Run a whole job on a throw-away market on this machine: start a dev chain and deploy the contracts, start "
            + "a channel watcher and N provider agents (separate processes, each with its own key, port and SQLite "
            + "file), then publish a job from this process with a live progress bar. When it is done: the result "
            + "(the ray tracer's out/render.png), the settlement read back from the chain and checked to the wei, "
            + "and everything stopped.",
        "Exit 0 when the job succeeded and the books balance, 1 otherwise. Logs of every agent are in the "
            + "--home folder's logs/."})
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
  /** How long providers get, after the job, to close their channels with their best vouchers. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(60);
  /** Providers' floors, XEN wei per million fuel: under the built-in jobs' target price, so all agree. */
  static final BigInteger DEMO_PRICE_FLOOR = new BigInteger("500000000000000");

  @Spec CommandSpec spec;

  @Option(names = "--providers", paramLabel = "N", defaultValue = "4",
      description = "Provider agents to run, 1..16. Default: ${DEFAULT-VALUE}.")
  int providers;

  @Option(names = "--job", paramLabel = "raytrace|wordcount|pi|FILE", defaultValue = "raytrace",
      description = "A built-in job, or a job file of your own (see docs/publisher.md). Default: ${DEFAULT-VALUE}.")
  String job;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
      description = "Where the results go (the ray tracer's render.png, the map outputs, summary.json). "
          + "Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--home", paramLabel = "DIR", defaultValue = ".zennet/demo",
      description = "The demo's working folder (keys, configs, databases, logs); emptied at the start. "
          + "Default: ${DEFAULT-VALUE}.")
  Path home;

  @Option(names = "--keep-running", description = "After the job, leave the chain, the watcher and the providers "
      + "running (their endpoints are printed) until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (providers < 1 || providers > 16) {
      throw new UserError("--providers: 1..16, got " + providers, 2);
    }
    LocalCluster.freshDir(home);
    Path jobFile = DemoJobs.jobFile(job, providers, home.resolve("job"));
    Path jobName = Path.of(DemoJobs.BUILT_IN.contains(job) ? job : "job");
    JobPlan plan = DemoJobs.plan(jobFile, out.resolve(jobName).toAbsolutePath());
    stdout.printf("demo: %s, %d tasks, on %d providers%n", plan.spec().name(), plan.tasks().size(), providers);

    stdout.println("starting a dev chain and deploying the contracts ...");
    stdout.flush();
    try (LocalCluster cluster = LocalCluster.start(home, DevChainConfig.DEFAULT, providers)) {
      stdout.printf("%-11s%s chain id %d pid %d, contracts %s%n", "chain", cluster.deployment().rpcUrl(),
          cluster.deployment().chainId(), cluster.network().chain().pid(), cluster.deployment().contracts());
      LocalCluster.Watcher watcher = cluster.startWatcher();
      stdout.printf("%-11s%s pid %d  %s%n", "watcher", watcher.address(), watcher.process().pid(), watcher.multiaddr());
      stdout.printf("starting %d providers ...%n", providers);
      stdout.flush();
      cluster.startProviders(providers, LocalCluster.ProviderSettings.DEFAULT.withPriceFloor(DEMO_PRICE_FLOOR));
      Map<String, String> names = new LinkedHashMap<>();
      for (LocalCluster.Provider p : cluster.providers()) {
        names.put(p.address(), p.name());
        stdout.printf("%-11s%s pid %d  %s%n", p.name(), p.address(), p.process().pid(), p.multiaddr());
      }
      stdout.printf("logs in %s%n", cluster.dir().resolve("logs"));
      stdout.flush();

      int exit;
      try (ZennetContracts reader = ZennetContracts.connect(cluster.deployment(), cluster.publisherKey())) {
        DemoSettlement settlement = new DemoSettlement(reader, cluster.publisherKey().getAddress(), names,
            watcher.address());
        DemoSettlement.Snapshot before = settlement.snapshot();
        JobReport report = publish(cluster, plan, err);
        stdout.print(report.table());
        awaitClosed(reader, report, stdout);
        DemoSettlement.Books books = settlement.books(report, before, settlement.snapshot());
        stdout.println();
        DemoSettlement.print(stdout, books);
        exit = report.succeeded() && books.balanced() ? 0 : 1;
        result(report, stdout);
      }
      if (keepRunning) {
        keepRunning(cluster, stdout);
      }
      stdout.println("stopping the agents and the chain ...");
      stdout.flush();
      return exit;
    } finally {
      stdout.println("demo finished; everything it started is stopped");
      stdout.flush();
    }
  }

  private JobReport publish(LocalCluster cluster, JobPlan plan, PrintWriter err) throws Exception {
    PublisherConfig config = PublisherConfig.defaults(cluster.dir().resolve("publisher").resolve("publisher.sqlite"));
    Files.createDirectories(config.database().getParent());
    try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT);
        PublisherAgent agent = PublisherAgent.create(config, cluster.publisherKey(),
            ContractsPublisherChain.connect(cluster.deployment(), cluster.publisherKey()), runtime, Clock.systemUTC());
        ProgressView view = ProgressView.open(err, plan.tasks().size())) {
      return agent.run(plan, view::update);
    }
  }

  /** Waits until the providers have closed every channel of the job (closeByProvider with their best voucher). */
  private static void awaitClosed(ZennetContracts chain, JobReport report, PrintWriter out) throws Exception {
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    boolean said = false;
    for (JobReport.ProviderShare share : report.providers()) {
      if (share.channelId() == null) {
        continue;
      }
      while (chain.channels().channelInfo(share.channelId()).get(30, TimeUnit.SECONDS).state()
          != ChannelInfo.State.CLOSED && System.nanoTime() < deadline) {
        if (!said) {
          out.println("waiting for the providers to close their channels ...");
          out.flush();
          said = true;
        }
        Thread.sleep(250);
      }
    }
  }

  private void result(JobReport report, PrintWriter stdout) throws Exception {
    if (report.result() == null) {
      stdout.println("map outputs in " + report.output());
      return;
    }
    Path result = Path.of(report.result());
    if (result.getFileName().toString().endsWith(".png")) {
      Path png = out.resolve("render.png");
      Files.createDirectories(out);
      Files.copy(result, png, StandardCopyOption.REPLACE_EXISTING);
      stdout.println("the rendered scene: " + png);
    } else {
      String text = Files.readString(result);
      String first = text.lines().findFirst().orElse("");
      stdout.printf("result %s (%,d bytes): %s%n", result, Files.size(result),
          first.length() > 120 ? first.substring(0, 120) + " ..." : first);
    }
  }

  private static void keepRunning(LocalCluster cluster, PrintWriter out) throws InterruptedException {
    out.printf("still running (Ctrl-C stops everything): chain %s, deployment %s, watcher %s%n",
        cluster.deployment().rpcUrl(), cluster.deploymentFile(), cluster.watcher().httpUrl());
    for (LocalCluster.Provider p : cluster.providers()) {
      out.printf("  %s: zennet provide status --config %s%n", p.name(), p.config());
    }
    out.flush();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "demo-stop"));
    forever.await();
  }
}
