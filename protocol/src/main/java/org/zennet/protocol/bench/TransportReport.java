package org.zennet.protocol.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The figures of one {@link TransportBenchmark} run: a table for people, a JSON document for scripts. */
public record TransportReport(List<Row> rows) {

  /**
   * One figure.
   *
   * @param id stable, for comparing two reports
   * @param scenario what was measured
   * @param value the figure
   * @param unit its unit
   * @param sample how many connections, streams, bytes or messages it is over
   */
  public record Row(String id, String scenario, double value, String unit, long sample) {}

  public TransportReport {
    rows = List.copyOf(rows);
  }

  /** @return the row with {@code id} */
  public Row row(String id) {
    return rows.stream().filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row " + id));
  }

  /** @return the table, one row per figure */
  public String table() {
    StringBuilder b = new StringBuilder();
    String format = "%-62s %14s %-10s %14s%n";
    b.append(String.format(Locale.ROOT, format, "scenario", "value", "unit", "sample"));
    b.append("-".repeat(103)).append('\n');
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, format, r.scenario(), String.format(Locale.ROOT, "%,.1f", r.value()), r.unit(),
          String.format(Locale.ROOT, "%,d", r.sample())));
    }
    return b.toString();
  }

  /** @return the JSON document */
  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    rows.forEach(r -> array.add(new JsonObject().put("id", r.id()).put("scenario", r.scenario()).put("value", r.value())
        .put("unit", r.unit()).put("sample", r.sample())));
    return new JsonObject()
        .put("benchmark", "transport")
        .put("time", Instant.now().toString())
        .put("java", Runtime.version().toString())
        .put("cpus", Runtime.getRuntime().availableProcessors())
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
        .put("rows", array);
  }

  /** Writes {@link #toJson()} to {@code file}, creating its folder. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
  }
}
