package org.zennet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.cli.ZennetCliIT.Run;
import org.zennet.contracts.bench.GasReport;

/** {@code zennet bench}: the gas report as a user runs it, and the benchmarks still to come. */
class BenchCommandIT {
  @TempDir Path dir;

  @Test
  void benchGasPrintsTheTableAndWritesTheJson() throws Exception {
    Path out = dir.resolve("reports").resolve("gas.json");
    Run run = ZennetCliIT.zennet("bench", "gas", "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("function", "scenario", "gas", "target", "anchor", "status",
        "openChannels, per extra channel", "closeByProvider", "per provider per job", "µRaiden", "MISSED",
        "JSON report: " + out);
    GasReport report = GasReport.read(out);
    assertThat(report.rows()).isNotEmpty();
    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "%,d", report.row("perProviderPerJob").gas()));
  }

  @Test
  void strictExitsOneWhenATargetIsMissed() {
    Run run = ZennetCliIT.zennet("bench", "gas", "--strict", "--out", dir.resolve("gas.json").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("--strict", "redeem.first");
  }

  @Test
  void transportBenchmarkPrintsATableAndWritesItsJson() throws Exception {
    Path out = dir.resolve("transport.json");
    Run run = ZennetCliIT.zennet("bench", "transport", "--connections", "3", "--streams", "10", "--bytes", "200000",
        "--messages", "100", "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("connection set-up", "stream opens", "1 stream", "100 concurrent streams", "small messages");
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(java.nio.file.Files.readString(out));
    assertThat(json.getJsonArray("rows").stream().map(r -> ((io.vertx.core.json.JsonObject) r).getString("id")))
        .containsExactly("setup.median", "setup.p95", "streams.perSecond", "throughput.streams1", "throughput.streams100", "messages.perSecond");
  }

  @Test
  void benchHelpExplainsTheBenchmarks() {
    Run run = ZennetCliIT.zennet("bench", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("gas", "transport", "wasm", "scale", "watcher", "jobs", "--quick", "--only",
        "bench/results.json", "--strict", "not tests");
  }

  @Test
  void benchAloneRunsTheBenchmarksAndPrintsOneTable() throws Exception {
    Path out = dir.resolve("all").resolve("results.json");
    Run run = ZennetCliIT.zennet("bench", "--quick", "--only", "gas,transport", "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("=== zennet bench gas", "=== zennet bench transport", "=== every benchmark",
        "perProviderPerJob gas", "targets met", "stream opens", "JSON report: " + out);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
    assertThat(json.path("benchmark").asText()).isEqualTo("all");
    assertThat(json.path("quick").asBoolean()).isTrue();
    assertThat(json.path("benchmarks").path("gas").path("exit").asInt()).isZero();
    assertThat(json.path("benchmarks").path("gas").path("report").path("rows").size()).isPositive();
    assertThat(json.path("benchmarks").path("transport").path("report").path("rows").size()).isEqualTo(6);
    assertThat(json.path("headlines").size()).isGreaterThan(6);
    assertThat(java.nio.file.Files.exists(dir.resolve("all").resolve("gas.json"))).isTrue();

    Run unknown = ZennetCliIT.zennet("bench", "--only", "gas,nothing", "--out", out.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no benchmark 'nothing'", "gas, transport, wasm, scale, watcher, jobs");
  }

  @Test
  void benchJobsMeasuresLaunchesAndThroughputOnProviderProcesses() throws Exception {
    Path out = dir.resolve("jobs.json");
    Run run = ZennetCliIT.zennet("bench", "jobs", "--launches", "1", "--providers", "1", "--job", "pi",
        "--work-dir", dir.resolve("work").toString(), "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("launch latency", "anvil automine", "anvil 1-second blocks", "job throughput (pi",
        "JSON report: " + out);
    com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.toFile()).path("report");
    assertThat(report.path("launches").size()).isEqualTo(2);
    for (com.fasterxml.jackson.databind.JsonNode l : report.path("launches")) {
      assertThat(l.path("seconds").asDouble()).isPositive().isLessThan(60);
    }
    com.fasterxml.jackson.databind.JsonNode t = report.path("throughput").get(0);
    assertThat(t.path("providers").asInt()).isEqualTo(1);
    assertThat(t.path("tasks").asInt()).isEqualTo(100);
    assertThat(t.path("tasksPerSecond").asDouble()).isPositive();
    assertThat(ZennetCliIT.zennet("bench", "jobs", "--providers", "0").exit()).isEqualTo(2);
  }

  @Test
  void benchWasmPrintsTheTableAndWritesTheJson() throws Exception {
    Path out = dir.resolve("reports").resolve("wasm.json");
    Run run = ZennetCliIT.zennet("bench", "wasm", "--warmups", "0", "--repeats", "1", "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("kernel", "unmetered ms", "metered ms", "V8 ms", "metered/unmetered", "metered/V8",
        "fuel/s", "wordcount", "pi", "raytrace", "JSON report: " + out);
    assertThat(java.nio.file.Files.readString(out)).contains("\"benchmark\": \"wasm\"", "\"kernel\": \"raytrace\"");
  }

  @Test
  void benchScaleRunsAJobOverSimulatedProvidersAndWritesTheJson() throws Exception {
    Path out = dir.resolve("scale.json");
    Run run = ZennetCliIT.zennet("bench", "scale", "--providers", "1,3", "--tasks-per-provider", "10", "--task-millis",
        "200", "--fixed-tasks-per-provider", "2", "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("tasks/s", "vouchers/s", "efficiency", "throughput", "fixed 200 ms", "JSON report: " + out);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
    assertThat(json.path("benchmark").asText()).isEqualTo("scale");
    var rows = json.path("report").path("rows");
    assertThat(rows).hasSize(4);
    for (var row : rows) {
      assertThat(row.path("tasksPerSecond").asDouble()).as(row.toString()).isPositive();
      assertThat(row.path("connectedAtOnce").asInt()).as(row.toString()).isEqualTo(row.path("providers").asInt());
      assertThat(row.path("openChannelsTransactions").asInt()).as("one batch for all providers").isEqualTo(1);
    }
  }

  @Test
  void benchWatcherRedeemsTheBurstAndWritesTheJson() throws Exception {
    Path out = dir.resolve("watcher.json");
    Run run = ZennetCliIT.zennet("bench", "watcher", "--channels", "60", "--burst", "20", "--providers", "3",
        "--batch-size", "8", "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("delegations per second", "last CloseStarted -> all redeemed", "JSON report: " + out);
    var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile()).path("report");
    assertThat(report.path("channels").asInt()).isEqualTo(60);
    assertThat(report.path("redeemed").asInt()).as("every channel of the burst redeemed").isEqualTo(20);
    assertThat(report.path("redeemTransactions").asInt()).as("batched by 8").isBetween(3, 20);
    assertThat(report.path("delegationsPerSecond").asDouble()).isPositive();
  }

  @Test
  void unknownBenchmarksAreUsageErrors() {
    assertThat(ZennetCliIT.zennet("bench", "no-such-benchmark").exit()).isEqualTo(2);
    assertThat(ZennetCliIT.zennet("bench", "watcher", "--burst", "0").exit()).isEqualTo(2);
  }
}
