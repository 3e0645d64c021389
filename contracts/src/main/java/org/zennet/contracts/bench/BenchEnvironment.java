package org.zennet.contracts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.Toolchain;

/**
 * What a benchmark's figures depend on, recorded beside them so that two reports can be told apart.
 * Any field may be null when it cannot be found (no git, a jar built without the compiler settings).
 *
 * @param solcVersion the Solidity compiler that built the contracts' bytecode
 * @param optimizerRuns the solc optimizer's {@code runs} setting, null if the optimizer was off
 * @param evmVersion the EVM version the contracts were compiled for
 * @param anvilVersion the version of the anvil that ran the transactions
 * @param gitCommit the repository's HEAD commit
 * @param gitDirty whether tracked files differed from that commit
 */
public record BenchEnvironment(String solcVersion, Integer optimizerRuns, String evmVersion, String anvilVersion,
    String gitCommit, Boolean gitDirty) {
  private static final Logger LOG = LoggerFactory.getLogger(BenchEnvironment.class);
  /** Where the build packages the compiler's artifacts (see contracts/build/compile-contracts.mjs). */
  static final String ARTIFACTS = "/org/zennet/contracts/solidity/artifacts/";
  private static final long COMMAND_TIMEOUT_SECONDS = 10;

  /** Reads the compiler settings from {@code contract}'s packaged artifact and asks anvil and git. */
  public static BenchEnvironment detect(String contract) {
    JsonNode artifact = artifact(contract);
    JsonNode optimizer = artifact.path("settings").path("optimizer");
    Optional<Path> root = Toolchain.root();
    Optional<String> commit = root.flatMap(r -> output(r, "git", "rev-parse", "HEAD"));
    Boolean dirty = commit.isEmpty() ? null
        : root.flatMap(r -> output(r, "git", "status", "--porcelain", "--untracked-files=no")).map(s -> !s.isEmpty())
            .orElse(null);
    return new BenchEnvironment(
        text(artifact.path("compiler")),
        optimizer.path("enabled").asBoolean(false) ? optimizer.path("runs").asInt() : null,
        text(artifact.path("settings").path("evmVersion")),
        detectAnvilVersion().orElse(null),
        commit.orElse(null),
        dirty);
  }

  private static JsonNode artifact(String contract) {
    try (InputStream in = BenchEnvironment.class.getResourceAsStream(ARTIFACTS + contract + ".json")) {
      if (in != null) {
        return new ObjectMapper().readTree(in);
      }
      LOG.debug("no packaged artifact for {}", contract);
    } catch (IOException e) {
      LOG.debug("cannot read the artifact of {}: {}", contract, e.getMessage());
    }
    return new ObjectMapper().createObjectNode();
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  /** {@code 1.7.1} from anvil's "anvil Version: 1.7.1" line. */
  private static Optional<String> detectAnvilVersion() {
    try {
      Path anvil = Toolchain.binary("anvil");
      return output(null, anvil.toString(), "--version")
          .flatMap(s -> s.lines().findFirst())
          .map(line -> line.replaceFirst("(?i)^anvil\\s+version:\\s*", "").trim());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** The trimmed standard output of a command that exits 0 in time, else empty. */
  private static Optional<String> output(Path dir, String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process p;
    try {
      ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
      if (dir != null) {
        builder.directory(dir.toFile());
      }
      p = builder.start();
    } catch (IOException e) {
      LOG.debug("cannot run {}: {}", cmd.get(0), e.getMessage());
      return Optional.empty();
    }
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(out);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      p.destroyForcibly();
    }
  }
}
