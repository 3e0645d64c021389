package org.zennet.contracts.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.zennet.contracts.AtomicFiles;

/**
 * The gas report: a table for people ({@link #table()}) and a JSON document for scripts ({@link #toJson()}),
 * with the rows keyed by {@link GasRow#id()} so that two reports can be compared line by line.
 *
 * @param schemaVersion the JSON layout's version, {@link #SCHEMA_VERSION}
 * @param benchmark always {@code gas}
 * @param timestamp when the benchmark ran, ISO-8601 UTC
 * @param environment the compiler, chain and commit the figures came from
 * @param rows the figures, in the order the table shows them
 */
public record GasReport(int schemaVersion, String benchmark, String timestamp, BenchEnvironment environment,
    List<GasRow> rows) {
  public static final int SCHEMA_VERSION = 1;
  public static final String BENCHMARK = "gas";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public GasReport {
    rows = List.copyOf(rows);
    if (rows.stream().map(GasRow::id).distinct().count() != rows.size()) {
      throw new IllegalArgumentException("row ids must be unique: " + rows.stream().map(GasRow::id).toList());
    }
  }

  /** The rows whose target was missed. */
  public List<GasRow> missed() {
    return rows.stream().filter(GasRow::missed).toList();
  }

  /** The row with {@code id}. */
  public GasRow row(String id) {
    return rows.stream().filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the gas report has no row " + id));
  }

  /** The report as aligned text: a heading, one line per row, and a summary of the targets. */
  public String table() {
    List<Column> columns = List.of(
        new Column("function", false, GasRow::function),
        new Column("scenario", false, GasRow::scenario),
        new Column("gas", true, r -> String.format(Locale.ROOT, "%,d", r.gas())),
        new Column("target", true, r -> r.target() == null ? "—" : String.format(Locale.ROOT, "≤ %,d", r.target())),
        new Column("anchor", false, r -> r.anchors().isEmpty() ? "—"
            : r.anchors().stream().map(Anchor::label).collect(Collectors.joining("; "))),
        new Column("status", false, r -> r.status().label()),
        new Column("reason", false, r -> r.reason() == null ? "" : r.reason()));
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
    out.append("Zennet contracts: gas per transaction (gasUsed from the receipt, including the 21,000 base cost)\n");
    out.append(heading()).append("\n\n");
    for (int n = 0; n < cells.size(); n++) {
      List<String> line = cells.get(n);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = line.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        text.append(i == 0 ? "" : "  ").append(columns.get(i).right() ? pad + cell : cell + pad);
      }
      out.append(text.toString().stripTrailing()).append('\n');
      if (n == 0) {
        out.append("-".repeat(text.toString().stripTrailing().length())).append('\n');
      }
    }
    long met = rows.stream().filter(r -> r.status() == GasRow.Status.MET).count();
    List<GasRow> missed = missed();
    out.append('\n').append(String.format(Locale.ROOT, "Targets: %d met, %d missed%s%n", met, missed.size(),
        missed.isEmpty() ? "" : " (" + missed.stream().map(GasRow::id).collect(Collectors.joining(", ")) + ")"));
    return out.toString();
  }

  private String heading() {
    BenchEnvironment e = environment;
    List<String> parts = new ArrayList<>();
    parts.add("solc " + orUnknown(e.solcVersion())
        + (e.optimizerRuns() == null ? "" : String.format(Locale.ROOT, ", optimizer %,d runs", e.optimizerRuns()))
        + (e.evmVersion() == null ? "" : ", EVM " + e.evmVersion()));
    parts.add("anvil " + orUnknown(e.anvilVersion()));
    parts.add("commit " + (e.gitCommit() == null ? "unknown"
        : e.gitCommit().substring(0, Math.min(12, e.gitCommit().length())) + (Boolean.TRUE.equals(e.gitDirty()) ? " (modified)" : "")));
    parts.add(timestamp);
    return String.join("; ", parts);
  }

  private static String orUnknown(String s) {
    return s == null ? "unknown" : s;
  }

  private record Column(String title, boolean right, Function<GasRow, String> value) {}

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the gas report", e);
    }
  }

  public static GasReport fromJson(String json) throws IOException {
    return JSON.readValue(json, GasReport.class);
  }

  /** Writes the JSON document atomically, creating the folder if needed. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson() + "\n");
  }


  public static GasReport read(Path file) throws IOException {
    return fromJson(Files.readString(file));
  }
}
