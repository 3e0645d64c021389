package org.zennet.cli.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.zennet.cli.UserError;
import org.zennet.contracts.Toolchain;
import org.zennet.contracts.audit.AbiCheck;
import org.zennet.contracts.audit.CoverageHits;
import org.zennet.contracts.audit.NatSpecCheck;
import org.zennet.contracts.audit.Solhint;
import org.zennet.contracts.audit.SolidityCoverage;
import org.zennet.contracts.audit.StorageLayouts;
import org.zennet.contracts.audit.TraceRecorder;
import org.zennet.contracts.bench.GasBenchmark;
import org.zennet.contracts.bench.GasReport;
import org.zennet.contracts.devchain.DevChainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zennet audit}: the contracts' audit report. Runs solhint, the contract test suite with a long
 * model-based campaign under coverage tracing (Maven as a subprocess), computes Solidity line, branch and
 * function coverage, checks the ABIs against the reviewed copies and the NatSpec, measures gas and lists the
 * storage layouts; writes {@code audit.md} and {@code audit.html}; exits 1 when a check fails.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {
        "Audit the contracts and write one report (Markdown and HTML) under target/audit/: solhint (no warnings "
            + "allowed), the contract test suite and a long model-based invariant campaign with Solidity line, branch "
            + "and function coverage from anvil's traces, the ABI against the reviewed copies in contracts/abi/, "
            + "NatSpec completeness, the gas table and the storage layouts.",
        "Exit 0 when every check passes, 1 when one fails (the report says which). Progress goes to stderr. "
            + "See docs/development.md, 'The audit', and docs/security.md."})
public final class AuditCommand implements Callable<Integer> {
  static final long DEFAULT_CAMPAIGN_STEPS = 5_000;
  static final long QUICK_CAMPAIGN_STEPS = 500;
  /** The coverage goal of the audit issue: every function reached and this share of branch outcomes. */
  static final double BRANCH_GOAL = 0.95;

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "A short campaign (" + QUICK_CAMPAIGN_STEPS + " steps instead of "
      + DEFAULT_CAMPAIGN_STEPS + "); every other check is the same.")
  boolean quick;

  @Option(names = "--accept-abi", description = "Accept the current ABIs: rewrite the reviewed copies in "
      + "contracts/abi/ from the build (review and commit the change).")
  boolean acceptAbi;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where the report goes. Default: target/audit under the repository root.")
  Path out;

  @Option(names = "--campaign-steps", paramLabel = "N",
      description = "Steps of the model-based campaign (PaymentChannelsModelIT). Default: "
          + DEFAULT_CAMPAIGN_STEPS + ", " + QUICK_CAMPAIGN_STEPS + " with --quick.")
  Long campaignSteps;

  private PrintWriter err;

  @Override
  public Integer call() throws Exception {
    err = spec.commandLine().getErr();
    Path root = Toolchain.root().orElseThrow(() -> new UserError(
        "cannot find the repository: run zennet audit through ./zennet, or set -Dzennet.root"));
    Path outDir = (out == null ? root.resolve("target/audit") : out).toAbsolutePath();
    long steps = campaignSteps != null ? campaignSteps : quick ? QUICK_CAMPAIGN_STEPS : DEFAULT_CAMPAIGN_STEPS;
    if (steps < 1) {
      throw new UserError("--campaign-steps must be at least 1, got " + steps);
    }
    Files.createDirectories(outDir);
    Path hitsDir = outDir.resolve("coverage-hits");
    deleteRecursively(hitsDir);
    Path solidity = root.resolve("contracts/target/solidity");
    Instant started = Instant.now();
    List<String> failures = new ArrayList<>();
    Markdown report = new Markdown().heading(1, "Zennet contracts audit");

    // 1. tests + campaign under coverage: also (re)builds the contracts, which the static checks read
    progress("tests: the contract suite and a " + steps + "-step model campaign, traced for coverage (Maven; log in "
        + outDir.resolve("maven.log") + ")");
    Instant testsStarted = Instant.now();
    int maven = runMaven(root, outDir.resolve("maven.log"), hitsDir, steps);
    Duration testsTook = Duration.between(testsStarted, Instant.now());
    List<TestClass> tests = TestClass.read(root.resolve("contracts/target"));
    if (maven != 0) {
      failures.add("tests: Maven exited with " + maven + " (see " + outDir.resolve("maven.log") + ")");
    }
    if (!Files.exists(solidity.resolve("build-info.json"))) {
      throw new UserError("the build wrote no " + solidity.resolve("build-info.json") + "; see "
          + outDir.resolve("maven.log"));
    }

    // 2. solhint
    progress("solhint");
    List<Solhint.Finding> lint = Solhint.run(root);
    if (!lint.isEmpty()) {
      failures.add("solhint: " + lint.size() + " finding(s)");
    }

    // 3. coverage
    progress("coverage: mapping traces to source");
    SolidityCoverage.Result coverage = SolidityCoverage.compute(solidity.resolve("build-info.json"),
        CoverageHits.read(hitsDir));
    for (SolidityCoverage.ContractCoverage c : coverage.contracts()) {
      long unreached = c.functions().size() - c.functionsReached();
      double branchShare = c.branches().isEmpty() ? 1 : (double) c.branchesCovered() / c.branches().size();
      if (unreached > 0 || branchShare < BRANCH_GOAL) {
        failures.add(String.format("coverage: %s reaches %d of %d functions and %.1f%% of branches (goal: all, %.0f%%)",
            c.contract(), c.functionsReached(), c.functions().size(), 100 * branchShare, 100 * BRANCH_GOAL));
      }
    }

    // 4. ABI
    progress("interface: ABIs against contracts/abi/");
    Path reviewed = root.resolve("contracts/abi");
    List<AbiCheck.Difference> abi;
    if (acceptAbi) {
      AbiCheck.accept(solidity, reviewed).forEach(f -> progress("  wrote " + root.relativize(f)));
      abi = List.of();
    } else {
      abi = AbiCheck.compare(solidity, reviewed);
      if (!abi.isEmpty()) {
        failures.add("interface: " + abi.size() + " ABI difference(s) from the reviewed copies; if intended, run "
            + "'zennet audit --accept-abi' and commit contracts/abi/");
      }
    }

    // 5. NatSpec
    progress("NatSpec");
    NatSpecCheck.Result natspec = NatSpecCheck.check(solidity);
    if (!natspec.gaps().isEmpty()) {
      failures.add("NatSpec: " + natspec.gaps().size() + " gap(s)");
    }

    // 6. gas, 7. storage
    progress("gas: the benchmark on a throw-away dev chain");
    GasReport gas = GasBenchmark.run(DevChainConfig.DEFAULT);
    progress("storage layouts");
    Map<String, List<StorageLayouts.Entry>> storage = StorageLayouts.read(solidity);

    Duration took = Duration.between(started, Instant.now());
    summary(report, failures, steps, took, testsTook);
    solhintSection(report, lint);
    testsSection(report, tests, steps, maven);
    coverageSection(report, coverage);
    abiSection(report, abi, acceptAbi);
    natspecSection(report, natspec);
    report.heading(2, "Gas").paragraph("From `zennet bench gas` (see docs/development.md, 'Reading the gas report'); "
        + "a missed target is reported, not failed: the first redeem's miss is known and explained there.")
        .code(gas.table());
    storageSection(report, storage);
    Files.writeString(outDir.resolve("audit.md"), report.markdown(), StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("audit.html"), report.html("Zennet contracts audit"), StandardCharsets.UTF_8);

    PrintWriter stdout = spec.commandLine().getOut();
    for (SolidityCoverage.ContractCoverage c : coverage.contracts()) {
      stdout.printf("%-16s lines %3d/%-3d  branches %3d/%-3d  functions %2d/%-2d%n", c.contract(), c.linesCovered(),
          c.linesTotal(), c.branchesCovered(), c.branches().size(), c.functionsReached(), c.functions().size());
    }
    stdout.println("report: " + outDir.resolve("audit.md") + " and audit.html (" + took.toSeconds() + " s)");
    stdout.flush();
    if (!failures.isEmpty()) {
      failures.forEach(f -> err.println("FAILED " + f));
      err.flush();
      return 1;
    }
    stdout.println("every check passed");
    return 0;
  }

  private void progress(String stage) {
    err.println("[audit] " + stage);
    err.flush();
  }

  private int runMaven(Path root, Path log, Path hitsDir, long steps) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(maven(root), "-B", "-Dstyle.color=never", "verify", "-pl", "contracts",
        "-D" + TraceRecorder.COVERAGE_DIR_PROPERTY + "=" + hitsDir, "-Dzennet.campaign.steps=" + steps));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    // the JDK this CLI runs on (./zennet found it) builds and runs the tests too
    builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
    Process process = builder.start();
    process.getOutputStream().close();
    Pattern running = Pattern.compile("\\[INFO\\] Running (\\S+)");
    try (var reader = process.inputReader(StandardCharsets.UTF_8);
        var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        writer.write(line);
        writer.newLine();
        Matcher m = running.matcher(line);
        if (m.find()) {
          progress("  " + m.group(1).replace("org.zennet.contracts.", ""));
        }
      }
    }
    return process.waitFor();
  }

  private static String maven(Path root) {
    Path wrapper = root.resolve("mvnw");
    return Files.isExecutable(wrapper) ? wrapper.toString() : "mvn";
  }

  private static void summary(Markdown report, List<String> failures, long steps, Duration took, Duration testsTook) {
    report.paragraph("Generated " + Instant.now() + " by `zennet audit` in " + took.toSeconds() + " s (tests and "
        + steps + "-step campaign under tracing: " + testsTook.toSeconds() + " s). Threat model: docs/security.md.");
    report.heading(2, "Result");
    report.paragraph(failures.isEmpty() ? "**Every check passed.**" : "**" + failures.size() + " check(s) failed:**");
    if (!failures.isEmpty()) {
      report.bullets(failures);
    }
  }

  private static void solhintSection(Markdown report, List<Solhint.Finding> lint) {
    report.heading(2, "solhint");
    report.paragraph("The pinned solhint (package-lock.json) with `.solhint.json` over `contracts/src`; no finding, "
        + "warnings included, is allowed. Rules turned off or tuned, and why: docs/development.md, 'The audit'.");
    report.paragraph(lint.isEmpty() ? "No findings." : lint.size() + " finding(s):");
    if (!lint.isEmpty()) {
      report.bullets(lint.stream().map(f -> "`" + f + "`").toList());
    }
  }

  private static void testsSection(Markdown report, List<TestClass> tests, long steps, int maven) {
    report.heading(2, "Tests");
    int total = tests.stream().mapToInt(TestClass::tests).sum();
    int failed = tests.stream().mapToInt(t -> t.failures() + t.errors()).sum();
    report.paragraph("`mvn verify -pl contracts` with `-Dzennet.campaign.steps=" + steps + "` (PaymentChannelsModelIT) "
        + "and every transaction and call traced: " + total + " tests in " + tests.size() + " classes, " + failed
        + " failed (Maven exit " + maven + ").");
    report.table(List.of("class", "tests", "failed", "skipped", "seconds"), tests.stream()
        .map(t -> List.of(t.name(), "" + t.tests(), "" + (t.failures() + t.errors()), "" + t.skipped(),
            String.format("%.1f", t.seconds()))).toList());
  }

  private static void coverageSection(Markdown report, SolidityCoverage.Result coverage) {
    report.heading(2, "Coverage");
    report.paragraph("From anvil's `debug_traceTransaction` / `debug_traceCall` struct logs of every transaction and "
        + "`eth_call` the tests made, mapped to source through solc's source maps and ASTs. Lines: statements; "
        + "branches: both outcomes of each `if`, ternary and loop condition; functions: every implemented function, "
        + "constructor and modifier. Goal: every function reached, at least 95% of branches.");
    report.table(List.of("contract", "lines", "branches", "functions"), coverage.contracts().stream()
        .map(c -> List.of(c.contract(), ratio(c.linesCovered(), c.linesTotal()),
            ratio(c.branchesCovered(), c.branches().size()), ratio(c.functionsReached(), c.functions().size())))
        .toList());
    for (SolidityCoverage.ContractCoverage c : coverage.contracts()) {
      report.heading(3, c.contract() + " (" + c.sourceName() + ")");
      report.table(List.of("function", "line", "reached"), c.functions().stream()
          .map(f -> List.of(f.name(), "" + f.line(), f.reached() ? "yes" : "**no**")).toList());
      List<String> missed = c.branches().stream().filter(b -> !b.covered())
          .map(b -> "line " + b.line() + ": `" + b.kind() + "` " + b.outcome() + " never seen").toList();
      long byBodies = c.branches().stream().filter(b -> !b.fromJumps()).count() / 2;
      report.paragraph((missed.isEmpty() ? "Every branch outcome was seen." : "Branch outcomes never seen:")
          + (byBodies == 0 ? "" : " (" + byBodies + " of " + c.branches().size() / 2 + " conditions have no JUMPI "
              + "of their own in the source map and were judged by their bodies: `true` when the body ran, `false` "
              + "when the else ran or, without an else, when the condition ran.)"));
      if (!missed.isEmpty()) {
        report.bullets(missed);
      }
      report.paragraph("Lines never executed: " + (c.uncoveredLines().isEmpty() ? "none." : c.uncoveredLines() + "."));
    }
    report.heading(3, "Annotated sources");
    report.paragraph("`+` executed, `!` executable but never executed.");
    coverage.contracts().stream().map(SolidityCoverage.ContractCoverage::sourceName).distinct()
        .forEach(source -> report.heading(4, source).code(coverage.listing(source)));
  }

  private static void abiSection(Markdown report, List<AbiCheck.Difference> abi, boolean accepted) {
    report.heading(2, "Interface (ABI)");
    if (accepted) {
      report.paragraph("`--accept-abi`: the reviewed copies in `contracts/abi/` were rewritten from this build.");
    } else if (abi.isEmpty()) {
      report.paragraph("Every contract's ABI equals its reviewed copy in `contracts/abi/`.");
    } else {
      report.paragraph("The ABI differs from the reviewed copy in `contracts/abi/`. If the change is intended, run "
          + "`zennet audit --accept-abi`, review the diff of `contracts/abi/` and commit it.");
      report.bullets(abi.stream().map(d -> d.contract() + ": `" + d.change() + "`").toList());
    }
  }

  private static void natspecSection(Markdown report, NatSpecCheck.Result natspec) {
    report.heading(2, "NatSpec");
    report.paragraph(natspec.checked() + " functions, events and errors declared in our sources checked: @notice or "
        + "@dev on each, @param for each parameter of functions and events, @return for each return value. "
        + (natspec.gaps().isEmpty() ? "No gaps." : natspec.gaps().size() + " gap(s):"));
    if (!natspec.gaps().isEmpty()) {
      report.bullets(natspec.gaps().stream().map(g -> "`" + g + "`").toList());
    }
  }

  private static void storageSection(Markdown report, Map<String, List<StorageLayouts.Entry>> storage) {
    report.heading(2, "Storage layout");
    storage.forEach((contract, entries) -> report.heading(3, contract).table(
        List.of("slot", "offset", "type", "name"),
        entries.stream().map(e -> List.of(e.slot(), "" + e.offset(), "`" + e.type() + "`", e.name()))
            .toList()));
  }

  private static String ratio(long covered, long total) {
    return total == 0 ? "—" : String.format("%d/%d (%.1f%%)", covered, total, 100.0 * covered / total);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
