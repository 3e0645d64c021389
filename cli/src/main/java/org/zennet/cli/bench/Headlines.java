package org.zennet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of each benchmark's JSON report that the combined table shows, with their targets. */
final class Headlines {
  /** One line of the combined table. */
  record Headline(String benchmark, String figure, String value, String target, String status) {}

  private Headlines() {}

  static List<Headline> of(String benchmark, JsonNode root) {
    JsonNode report = root.has("report") ? root.path("report") : root;
    List<Headline> out = new ArrayList<>();
    switch (benchmark) {
      case "gas" -> {
        int met = 0;
        List<String> missed = new ArrayList<>();
        for (JsonNode row : report.path("rows")) {
          switch (row.path("status").asText()) {
            case "MET" -> met++;
            case "MISSED" -> missed.add(row.path("id").asText() + " " + String.format(Locale.ROOT, "%,d",
                row.path("gas").asLong()) + " > " + String.format(Locale.ROOT, "%,d", row.path("target").asLong()));
            default -> { }
          }
        }
        for (String id : List.of("openChannels.extra.100", "perProviderPerJob", "closeByProvider")) {
          JsonNode row = row(report.path("rows"), "id", id);
          if (row != null) {
            out.add(new Headline(benchmark, id + " gas", String.format(Locale.ROOT, "%,d", row.path("gas").asLong()),
                row.path("target").isNumber() ? "≤ " + String.format(Locale.ROOT, "%,d", row.path("target").asLong()) : "",
                status(row.path("status").asText())));
          }
        }
        out.add(new Headline(benchmark, "targets met", met + " of " + (met + missed.size()),
            missed.isEmpty() ? "" : "missed: " + String.join("; ", missed), missed.isEmpty() ? "met" : "MISSED"));
      }
      case "transport" -> {
        for (JsonNode row : report.path("rows")) {
          out.add(new Headline(benchmark, row.path("scenario").asText(), String.format(Locale.ROOT, "%,.1f %s",
              row.path("value").asDouble(), row.path("unit").asText()), "", ""));
        }
      }
      case "wasm" -> {
        for (JsonNode row : report.path("rows")) {
          double metered = row.path("meteredMillis").asDouble();
          double ratio = metered / row.path("unmeteredMillis").asDouble();
          out.add(new Headline(benchmark, row.path("kernel").asText() + ": metered ÷ unmetered", ratio(ratio), "≤ 1.30",
              ratio <= 1.3 ? "met" : "MISSED"));
          if (row.path("v8Millis").isNumber()) {
            double v8 = metered / row.path("v8Millis").asDouble();
            out.add(new Headline(benchmark, row.path("kernel").asText() + ": metered ÷ V8", ratio(v8), "≤ 2.00",
                v8 <= 2 ? "met" : "MISSED"));
          }
        }
      }
      case "scale" -> {
        for (JsonNode row : report.path("rows")) {
          int n = row.path("providers").asInt();
          if (row.path("efficiency").isNumber()) {
            double e = row.path("efficiency").asDouble();
            out.add(new Headline(benchmark, "efficiency, " + row.path("kind").asText() + " tasks, N = " + n,
                String.format(Locale.ROOT, "%.3f", e), n == 100 ? "≥ 0.9" : "", n == 100 ? (e >= 0.9 ? "met" : "MISSED") : ""));
          } else {
            out.add(new Headline(benchmark, "paid tasks/s, N = " + n, String.format(Locale.ROOT, "%,.1f",
                row.path("tasksPerSecond").asDouble()), "≥ 2,000", row.path("tasksPerSecond").asDouble() >= 2000 ? "met"
                : "MISSED"));
          }
        }
      }
      case "watcher" -> {
        out.add(new Headline(benchmark, "channels held", String.format(Locale.ROOT, "%,d", report.path("channels").asInt()),
            "10,000", report.path("channels").asInt() >= 10_000 ? "met" : ""));
        out.add(new Headline(benchmark, "delegations/s", String.format(Locale.ROOT, "%,.0f",
            report.path("delegationsPerSecond").asDouble()), "", ""));
        out.add(new Headline(benchmark, "burst of " + report.path("burst").asInt() + " closes: last redeemed after",
            String.format(Locale.ROOT, "%.1f s", report.path("closeToRedeemedSeconds").asDouble()), "", ""));
        out.add(new Headline(benchmark, "heap", report.path("heapMiB").asLong() + " MiB", "", ""));
      }
      case "jobs" -> {
        for (String chain : List.of(JobBenchmark.AUTOMINE, JobBenchmark.ONE_SECOND_BLOCKS)) {
          List<Double> s = new ArrayList<>();
          for (JsonNode l : report.path("launches")) {
            if (l.path("chain").asText().equals(chain)) {
              s.add(l.path("seconds").asDouble());
            }
          }
          if (s.isEmpty()) {
            continue;
          }
          s.sort(null);
          double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
          double target = chain.equals(JobBenchmark.AUTOMINE) ? JobBenchmark.TARGET_LAUNCH_AUTOMINE_SECONDS
              : JobBenchmark.TARGET_LAUNCH_BLOCKS_SECONDS;
          out.add(new Headline(benchmark, "launch latency, " + chain + " (median)",
              String.format(Locale.ROOT, "%.2f s", median), String.format(Locale.ROOT, "< %.0f s", target),
              median < target ? "met" : "MISSED"));
        }
        for (JsonNode r : report.path("throughput")) {
          out.add(new Headline(benchmark, report.path("config").path("job").asText() + " on "
              + r.path("providers").asInt() + " provider processes", String.format(Locale.ROOT, "%.1f tasks/s%s",
              r.path("tasksPerSecond").asDouble(), r.path("speedUp").isNumber()
                  ? String.format(Locale.ROOT, ", ×%.2f", r.path("speedUp").asDouble()) : ""), "", ""));
        }
      }
      default -> throw new IllegalArgumentException("no headlines for " + benchmark);
    }
    return out;
  }

  static String table(List<Headline> headlines) {
    int figure = Math.max(6, headlines.stream().mapToInt(h -> h.figure().length()).max().orElse(0));
    int value = Math.max(5, headlines.stream().mapToInt(h -> h.value().length()).max().orElse(0));
    String row = "%-10s %-" + figure + "s %" + value + "s  %-8s %s%n";
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, row, "benchmark", "figure", "value", "target", "status"));
    for (Headline h : headlines) {
      t.append(String.format(Locale.ROOT, row, h.benchmark(), h.figure(), h.value(),
          h.target().length() > 8 ? "" : h.target(), h.target().length() > 8 ? h.status() + " (" + h.target() + ")"
              : h.status()));
    }
    return t.toString();
  }

  private static JsonNode row(JsonNode rows, String field, String value) {
    for (JsonNode r : rows) {
      if (r.path(field).asText().equals(value)) {
        return r;
      }
    }
    return null;
  }

  private static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f", r);
  }

  private static String status(String gasStatus) {
    return switch (gasStatus) {
      case "MET" -> "met";
      case "MISSED" -> "MISSED";
      default -> "";
    };
  }
}
