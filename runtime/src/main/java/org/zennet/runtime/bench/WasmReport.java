package org.zennet.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The WebAssembly runtime benchmark: a table for people ({@link #table()}) and a JSON document for scripts
 * ({@link #toJson()}), rows keyed by kernel.
 *
 * @param timestamp when it ran, ISO-8601 UTC
 * @param environment what the figures depend on: Java, Chicory, Node versions, processors
 * @param warmups unmeasured runs per kernel and engine
 * @param repeats measured runs (the figures are their medians)
 * @param rows one per kernel
 */
public record WasmReport(String timestamp, Map<String, String> environment, int warmups, int repeats,
    List<WasmRow> rows) {
  public static final int SCHEMA_VERSION = 1;
  public static final String BENCHMARK = "wasm";
  /** DESIGN targets, reported and not asserted: metering costs at most 30 %, and Chicory is at most 2× V8. */
  public static final double TARGET_METERED_OVER_UNMETERED = 1.3;
  public static final double TARGET_METERED_OVER_V8 = 2.0;

  public WasmReport {
    environment = Map.copyOf(environment);
    rows = List.copyOf(rows);
  }

  public WasmRow row(String kernel) {
    return rows.stream().filter(r -> r.kernel().equals(kernel)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no kernel " + kernel));
  }

  public String table() {
    List<Column> columns = List.of(
        new Column("kernel", false, WasmRow::kernel),
        new Column("unmetered ms", true, r -> fixed(r.unmeteredMillis())),
        new Column("metered ms", true, r -> fixed(r.meteredMillis())),
        new Column("V8 ms", true, r -> r.v8Millis() == null ? "—" : fixed(r.v8Millis())),
        new Column("metered/unmetered", true, r -> ratio(r.meteredOverUnmetered(), TARGET_METERED_OVER_UNMETERED)),
        new Column("metered/V8", true, r -> r.meteredOverV8() == null ? "—" : ratio(r.meteredOverV8(), TARGET_METERED_OVER_V8)),
        new Column("fuel", true, r -> String.format(Locale.ROOT, "%,d", r.fuel())),
        new Column("fuel/s", true, r -> String.format(Locale.ROOT, "%,d", r.fuelPerSecond())),
        new Column("same output", false, r -> r.sameOutput() == null ? "—" : r.sameOutput() ? "yes" : "NO"));
    List<List<String>> cells = new ArrayList<>();
    cells.add(columns.stream().map(Column::title).toList());
    rows.forEach(r -> cells.add(columns.stream().map(c -> c.value().apply(r)).toList()));
    int[] widths = new int[columns.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("Zennet WebAssembly runtime: median of ").append(repeats).append(" runs after ").append(warmups)
        .append(" warm-ups (instantiation + _start)\n");
    out.append(String.format(Locale.ROOT, "Java %s, Chicory %s (compiler), Node %s, %s processors; %s%n%n",
        environment.getOrDefault("java", "?"), environment.getOrDefault("chicory", "?"),
        environment.getOrDefault("node", "not found"), environment.getOrDefault("processors", "?"), timestamp));
    for (int n = 0; n < cells.size(); n++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = cells.get(n).get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        text.append(i == 0 ? "" : "  ").append(columns.get(i).right() ? pad + cell : cell + pad);
      }
      out.append(text.toString().stripTrailing()).append('\n');
      if (n == 0) {
        out.append("-".repeat(text.toString().stripTrailing().length())).append('\n');
      }
    }
    out.append(String.format(Locale.ROOT, "%nTargets (reported, not enforced): metered/unmetered ≤ %.1f, metered/V8 ≤ %.1f; "
        + "a ratio over its target is marked with !%n", TARGET_METERED_OVER_UNMETERED, TARGET_METERED_OVER_V8));
    return out.toString();
  }

  private static String fixed(double millis) {
    return String.format(Locale.ROOT, "%.1f", millis);
  }

  private static String ratio(double value, double target) {
    return String.format(Locale.ROOT, "%.2f%s", value, value > target ? " !" : "");
  }

  private record Column(String title, boolean right, Function<WasmRow, String> value) {}

  public String toJson() {
    StringBuilder j = new StringBuilder();
    j.append("{\n  \"schemaVersion\": ").append(SCHEMA_VERSION).append(",\n");
    j.append("  \"benchmark\": ").append(quote(BENCHMARK)).append(",\n");
    j.append("  \"timestamp\": ").append(quote(timestamp)).append(",\n");
    j.append("  \"environment\": {");
    List<String> keys = environment.keySet().stream().sorted().toList();
    for (int i = 0; i < keys.size(); i++) {
      j.append(i == 0 ? "\n" : ",\n").append("    ").append(quote(keys.get(i))).append(": ")
          .append(quote(environment.get(keys.get(i))));
    }
    j.append("\n  },\n");
    j.append("  \"warmups\": ").append(warmups).append(",\n  \"repeats\": ").append(repeats).append(",\n");
    j.append("  \"targets\": {\"meteredOverUnmetered\": ").append(TARGET_METERED_OVER_UNMETERED)
        .append(", \"meteredOverV8\": ").append(TARGET_METERED_OVER_V8).append("},\n");
    j.append("  \"rows\": [");
    for (int i = 0; i < rows.size(); i++) {
      WasmRow r = rows.get(i);
      j.append(i == 0 ? "\n" : ",\n").append("    {")
          .append("\"kernel\": ").append(quote(r.kernel()))
          .append(", \"unmeteredMillis\": ").append(num(r.unmeteredMillis()))
          .append(", \"meteredMillis\": ").append(num(r.meteredMillis()))
          .append(", \"v8Millis\": ").append(r.v8Millis() == null ? "null" : num(r.v8Millis()))
          .append(", \"meteredOverUnmetered\": ").append(num(r.meteredOverUnmetered()))
          .append(", \"meteredOverV8\": ").append(r.meteredOverV8() == null ? "null" : num(r.meteredOverV8()))
          .append(", \"fuel\": ").append(r.fuel())
          .append(", \"fuelPerSecond\": ").append(r.fuelPerSecond())
          .append(", \"sameOutput\": ").append(r.sameOutput())
          .append('}');
    }
    j.append("\n  ]\n}\n");
    return j.toString();
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        default -> {
          if (c < 0x20) {
            q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  /** Writes the JSON atomically, creating the folder if needed. */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".wasm", ".json");
    try {
      Files.writeString(tmp, toJson());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
