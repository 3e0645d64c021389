package org.zennet.contracts.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GasReportTest {
  private static final BenchEnvironment ENV = new BenchEnvironment("0.8.37", 1000, "cancun", "1.7.1", "abcdef0123456789", false);

  @Test
  void statusFollowsGasAndTarget() {
    assertThat(GasRow.of("a", "f", "s", 30_000, 30_000L, List.of(), null).status()).isEqualTo(GasRow.Status.MET);
    assertThat(GasRow.of("a", "f", "s", 1, null, List.of(), "ignored").status()).isEqualTo(GasRow.Status.NO_TARGET);
    GasRow missed = GasRow.of("a", "f", "s", 73_000, 55_000L, List.of(), "first write");
    assertThat(missed.status()).isEqualTo(GasRow.Status.MISSED);
    assertThat(missed.reason()).isEqualTo("18,000 over: first write");
    assertThat(GasRow.of("a", "f", "s", 55_001, 55_000L, List.of(), null).reason()).isEqualTo("1 over; cause not analysed");
  }

  @Test
  void tableAlignsColumns() {
    GasReport report = new GasReport(1, "gas", "2030-01-01T00:00:00Z", ENV, List.of(
        GasRow.of("short", "redeem", "later", 40_000, 55_000L, List.of(), null),
        GasRow.of("long", "openChannels", "100 providers", 2_500_000, null, List.of(Anchor.MICRORAIDEN_OPEN), null)));
    List<String> lines = report.table().lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("function")).findFirst().orElseThrow();
    String first = lines.get(lines.indexOf(header) + 2);
    String second = lines.get(lines.indexOf(header) + 3);
    assertThat(first.indexOf("40,000") + "40,000".length()).isEqualTo(second.indexOf("2,500,000") + "2,500,000".length());
    assertThat(first.indexOf("met")).isEqualTo(second.indexOf("—", second.indexOf("µRaiden")));
    assertThat(report.table()).contains("commit abcdef012345;", "Targets: 1 met, 0 missed");
  }

  @Test
  void jsonRoundTrips() throws Exception {
    GasReport report = new GasReport(1, "gas", "2030-01-01T00:00:00Z", ENV, List.of(
        GasRow.of("redeem.first", "redeem", "first", 73_000, 55_000L, List.of(Anchor.RAIDEN_OPEN), "slot B")));
    assertThat(report.toJson()).contains("\"status\" : \"missed\"", "\"optimizerRuns\" : 1000");
    assertThat(GasReport.fromJson(report.toJson())).isEqualTo(report);
  }

  @Test
  void rowIdsAreUnique() {
    GasRow row = GasRow.of("x", "f", "s", 1, null, List.of(), null);
    assertThatThrownBy(() -> new GasReport(1, "gas", "t", ENV, List.of(row, row)))
        .hasMessageContaining("unique");
  }
}
