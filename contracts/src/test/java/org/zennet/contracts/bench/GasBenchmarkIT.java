package org.zennet.contracts.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.contracts.devchain.DevChainConfig;

/**
 * The gas benchmark on a real anvil, as a regression guard for DESIGN.md's gas targets. Gas does not
 * depend on timing, so these are exact bounds on deterministic figures, not timed tests.
 */
class GasBenchmarkIT {
  private static GasReport report;

  @BeforeAll
  static void runBenchmark() throws Exception {
    report = GasBenchmark.run(DevChainConfig.DEFAULT);
  }

  @Test
  void everyExtraChannelOfABatchCostsAtMost30000() {
    for (String id : new String[] {"openChannels.extra.1", "openChannels.extra.10", "openChannels.extra.100",
        "openChannels.extra.average"}) {
      assertThat(report.row(id).gas()).as(id).isLessThanOrEqualTo(30_000);
      assertThat(report.row(id).status()).as(id).isEqualTo(GasRow.Status.MET);
    }
    long average = Math.round((report.row("openChannels.100").gas() - report.row("openChannels.1").gas()) / 99.0);
    assertThat(report.row("openChannels.extra.average").gas()).isEqualTo(average);
  }

  @Test
  void closeByProviderCostsAtMost60000() {
    assertThat(report.row("closeByProvider.neverRedeemed").gas()).isLessThanOrEqualTo(60_000);
    assertThat(report.row("closeByProvider.afterRedeem").gas()).isLessThanOrEqualTo(60_000);
  }

  @Test
  void aProviderCostsAtMost90000PerJob() {
    GasRow total = report.row("perProviderPerJob");
    assertThat(total.gas()).isLessThanOrEqualTo(90_000)
        .isEqualTo(report.row("openChannels.extra.average").gas() + report.row("closeByProvider.neverRedeemed").gas());
    assertThat(total.anchors()).extracting(Anchor::gas).containsExactly(191_272L, 259_226L);
  }

  @Test
  void laterRedeemCostsAtMost55000WhenTheProviderHoldsXen() {
    assertThat(report.row("redeem.later").gas()).isLessThanOrEqualTo(55_000);
    assertThat(report.row("redeem.later").status()).isEqualTo(GasRow.Status.MET);
  }

  /**
   * A channel's first redeem writes the channel's second storage slot (publisher | paid), which
   * openChannels leaves unwritten so that opening stays within its own target: a fresh slot costs 22,100
   * gas where later redeems pay 2,900 to rewrite it. So the first redeem misses DESIGN.md's 55,000 by
   * about 18,000, a known and reported miss (PaymentChannels.sol's header explains the trade); this bound
   * keeps it from growing unnoticed.
   */
  @Test
  void firstRedeemOnAChannelStaysBelow75000AndIsReportedAsMissedWithItsCause() {
    GasRow first = report.row("redeem.first");
    assertThat(first.gas()).isLessThanOrEqualTo(75_000);
    assertThat(first.status()).isEqualTo(GasRow.Status.MISSED);
    assertThat(first.reason()).contains("over", "second storage slot");
    assertThat(report.missed()).extracting(GasRow::id).containsExactly("redeem.first");
  }

  @Test
  void reportIsWrittenAsJsonThatParsesBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bench").resolve("gas.json");
    report.write(file);

    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.path("benchmark").asText()).isEqualTo("gas");
    assertThat(json.path("environment").path("solcVersion").asText()).startsWith("0.8.");
    assertThat(json.path("environment").path("optimizerRuns").asInt()).isEqualTo(1000);
    assertThat(json.path("environment").path("anvilVersion").asText()).isNotBlank();
    assertThat(json.path("rows").size()).isEqualTo(report.rows().size());
    JsonNode first = json.path("rows").get(0);
    assertThat(first.fieldNames()).toIterable()
        .contains("id", "function", "scenario", "gas", "target", "anchors", "status", "reason");
    assertThat(GasReport.read(file)).isEqualTo(report);
  }

  @Test
  void tableShowsEveryFigureWithItsTargetAndStatus() {
    String table = report.table();
    assertThat(table).contains("solc 0.8.", "optimizer 1,000 runs", "function", "scenario", "target", "anchor",
        "≤ 30,000", "≤ 60,000", "≤ 90,000", "≤ 55,000", "µRaiden open 120,090", "MISSED", "met",
        "Targets: ", " missed (redeem.first)");
    for (GasRow row : report.rows()) {
      assertThat(table).contains(String.format(java.util.Locale.ROOT, "%,d", row.gas()));
    }
  }

  @Test
  void figuresAreTheSameOnEveryRun() throws Exception {
    GasReport again = GasBenchmark.run(DevChainConfig.DEFAULT);
    assertThat(gasById(again)).isEqualTo(gasById(report));
  }

  private static Map<String, Long> gasById(GasReport r) {
    return r.rows().stream().collect(Collectors.toMap(GasRow::id, GasRow::gas));
  }
}
