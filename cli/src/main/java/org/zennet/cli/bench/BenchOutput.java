package org.zennet.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What every benchmark command does with its report: the table on stdout, the JSON to {@code --out}. */
final class BenchOutput {
  /** Writes a report's JSON to a file. */
  @FunctionalInterface
  interface JsonWriter {
    void write(Path file) throws IOException;
  }

  private BenchOutput() {}

  static void publish(CommandSpec spec, String table, JsonWriter json, Path out) throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(table);
    try {
      json.write(out);
    } catch (IOException e) {
      throw new IOException("cannot write the JSON report to " + out + ": " + e.getMessage()
          + "; choose another file with --out", e);
    }
    stdout.println("JSON report: " + out);
    stdout.flush();
  }
}
