package org.zennet.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.zennet.contracts.Toolchain;

/**
 * Runs the pinned solhint ({@code node_modules/.bin/solhint}) with the repository's {@code .solhint.json}
 * over {@code contracts/src} and returns its findings. The audit allows none, warnings included.
 */
public final class Solhint {
  /** One finding: file (relative to the repository), line, column, severity, rule and message. */
  public record Finding(String file, int line, int column, String severity, String rule, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column + ": " + severity.toLowerCase() + ": " + message + " (" + rule + ")";
    }
  }

  private Solhint() {}

  /** Lints every {@code .sol} file under {@code contracts/src} of {@code root}. */
  public static List<Finding> run(Path root) throws IOException {
    Path solhint = root.resolve("node_modules/.bin/solhint");
    List<String> command = List.of(Toolchain.binary("node").toString(), solhint.toString(),
        "--config", ".solhint.json", "--formatter", "json", "--noPoster", "--disc", "contracts/src/**/*.sol");
    Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(false).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("solhint did not finish within 2 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running solhint", e);
    }
    String text = new String(out, StandardCharsets.UTF_8).trim();
    JsonNode findings;
    try {
      findings = new ObjectMapper().readTree(text.isEmpty() ? "[]" : text);
    } catch (IOException e) {
      throw new IOException("solhint (exit " + process.exitValue() + ") did not answer JSON: " + text + err, e);
    }
    if (!err.isBlank() && findings.isEmpty() && process.exitValue() != 0) {
      throw new IOException("solhint failed (exit " + process.exitValue() + "): " + err.trim());
    }
    List<Finding> result = new ArrayList<>();
    for (JsonNode f : findings) {
      if (f.has("ruleId")) {
        result.add(new Finding(f.path("filePath").asText(), f.path("line").asInt(), f.path("column").asInt(),
            f.path("severity").asText(), f.path("ruleId").asText(), f.path("message").asText()));
      }
    }
    return result;
  }
}
