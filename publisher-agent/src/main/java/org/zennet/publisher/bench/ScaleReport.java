package org.zennet.publisher.bench;

import org.zennet.contracts.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@link ScaleBenchmark}: a table for people and a JSON for scripts. Targets (reported, not
 * enforced): 1,000 providers connected at once; efficiency at least 0.9 at N = 100 with 1-second tasks; at
 * least 2,000 paid tasks per second.
 */
public record ScaleReport(String timestamp, Map<String, String> environment, ScaleBenchmark.Config config,
    List<ScaleBenchmark.Row> rows) {
  public static final int SCHEMA_VERSION = 1;
  public static final double TARGET_EFFICIENCY_AT_100 = 0.9;
  public static final double TARGET_TASKS_PER_SECOND = 2000;
  public static final int TARGET_PROVIDERS = 1000;

  public String table() {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%-16s %6s %7s %9s %9s %10s %11s %8s %8s %10s%n", "run", "N", "tasks", "setup s",
        "work s", "tasks/s", "vouchers/s", "CPU s", "heap MiB", "efficiency"));
    for (ScaleBenchmark.Row r : rows) {
      t.append(String.format(Locale.ROOT, "%-16s %6d %7d %9.2f %9.2f %10.1f %11.1f %8.1f %8d %10s%n", r.kind(),
          r.providers(), r.tasks(), r.setupSeconds(), r.workSeconds(), r.tasksPerSecond(), r.vouchersPerSecond(),
          r.cpuSeconds(), r.heapMiB(), r.efficiency() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.efficiency())));
    }
    int most = rows.stream().mapToInt(ScaleBenchmark.Row::connectedAtOnce).max().orElse(0);
    double best = rows.stream().filter(r -> r.efficiency() == null).mapToDouble(ScaleBenchmark.Row::tasksPerSecond).max().orElse(0);
    Double at100 = rows.stream().filter(r -> r.providers() == 100 && r.efficiency() != null)
        .map(ScaleBenchmark.Row::efficiency).findFirst().orElse(null);
    t.append(String.format(Locale.ROOT, "targets: %d providers at once: %s (%d); efficiency >= %.1f at N = 100: %s; "
            + ">= %.0f paid tasks/s: %s (%.0f)%n",
        TARGET_PROVIDERS, most >= TARGET_PROVIDERS ? "met" : "MISSED", most, TARGET_EFFICIENCY_AT_100,
        at100 == null ? "not run" : at100 >= TARGET_EFFICIENCY_AT_100 ? "met (" + String.format(Locale.ROOT, "%.3f", at100) + ")"
            : "MISSED (" + String.format(Locale.ROOT, "%.3f", at100) + ")",
        TARGET_TASKS_PER_SECOND, best >= TARGET_TASKS_PER_SECOND ? "met" : "MISSED", best));
    t.append("CPU and heap are of the whole JVM: the publisher and its simulated providers together.\n");
    return t.toString();
  }

  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
        Map.of("schemaVersion", SCHEMA_VERSION, "benchmark", "scale", "report", this)));
  }
}
