package org.zennet.besu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.besu.qbft.QbftNetwork;
import org.zennet.besu.qbft.QbftNetworkInit;
import org.zennet.besu.qbft.QbftNetworkSpec;

/**
 * The Besu launcher up to where a real Besu is needed: finding it, the command lines, the record, and
 * what happens when a node fails (stand-in {@code besu} scripts; the real path runs in BesuQbftIT's image).
 */
class BesuLauncherIT {
  @TempDir Path tmp;

  private QbftNetwork network(Path dir) throws Exception {
    return QbftNetworkInit.write(QbftNetworkSpec.of(2, 1, 1337, Map.of()).withPorts(40303, 48545, 49545), dir, false,
        new SecureRandom());
  }

  private Path fakeBesu(String script) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path besu = bin.resolve("besu");
    Files.writeString(besu, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(besu, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void saysBesuIsMissingAndPointsAtTheComposeFile() throws Exception {
    Path dir = tmp.resolve("net");
    network(dir);
    Path state = tmp.resolve("state");
    assertThatThrownBy(() -> BesuLauncher.start(dir, state, tmp.resolve("empty").toString(), Duration.ofSeconds(5)))
        .isInstanceOf(BesuLauncher.BesuNotFoundException.class)
        .hasMessage("besu not found on PATH; install Besu or run the compose file in " + dir.toAbsolutePath() + " with Docker");
    assertThat(state.resolve(BesuRecord.FILE)).doesNotExist();
  }

  @Test
  void findsBesuOnPathAndStartsEachNodeWithItsConfigFile() throws Exception {
    Path bin = fakeBesu("exit 0");
    assertThat(BesuLauncher.locate("/nonexistent:" + bin)).contains(bin.resolve("besu"));
    assertThat(BesuLauncher.locate(null)).isEmpty();
    QbftNetwork network = network(tmp.resolve("net"));
    assertThat(BesuLauncher.commandLine(bin.resolve("besu"), network.nodes().get(1)))
        .containsExactly(bin.resolve("besu").toString(), "--config-file=node-2/config.toml");
  }

  @Test
  void aNodeThatExitsFailsTheStartWithItsLogAndLeavesNoRecord() throws Exception {
    Path dir = tmp.resolve("net");
    network(dir);
    Path state = tmp.resolve("state");
    Path bin = fakeBesu("echo \"cannot start: $1 in $(pwd)\"; exit 3");
    assertThatThrownBy(() -> BesuLauncher.start(dir, state, bin.toString(), Duration.ofSeconds(20)))
        .hasMessageContaining("exited with status 3")
        .hasMessageContaining("cannot start: --config-file=node-")
        .hasMessageContaining(" in " + dir.toAbsolutePath());
    assertThat(state.resolve(BesuRecord.FILE)).doesNotExist();
  }

  @Test
  void nodesWithoutBlocksAreStoppedAfterTheTimeout() throws Exception {
    Path dir = tmp.resolve("net");
    network(dir);
    Path state = tmp.resolve("state");
    Path bin = fakeBesu("trap 'kill $! 2>/dev/null; exit 0' TERM\nsleep 300 &\nwait");
    assertThatThrownBy(() -> BesuLauncher.start(dir, state, bin.toString(), Duration.ofSeconds(2)))
        .hasMessageContaining("no block within 2 s");
    assertThat(state.resolve(BesuRecord.FILE)).doesNotExist();
  }

  @Test
  void recordRoundTripsAndStopStopsOnlyRecordedBesuProcesses() throws Exception {
    Path state = tmp.resolve("state");
    assertThat(BesuLauncher.stop(state)).isEmpty();
    Path bin = fakeBesu("trap 'kill $! 2>/dev/null; exit 0' TERM\nsleep 300 &\nwait");
    Process fake = new ProcessBuilder(bin.resolve("besu").toString(), "--config-file=node-1/config.toml").start();
    try {
      BesuRecord record = new BesuRecord(tmp.toString(), 1337, List.of(
          new BesuRecord.NodeProcess("node-1", fake.pid(), URI.create("http://127.0.0.1:8545"), "node-1/besu.log")));
      record.write(state);
      assertThat(BesuRecord.read(state)).contains(record);
      assertThat(record.anyAlive()).isTrue();

      assertThat(BesuLauncher.stop(state)).contains(record);
      assertThat(fake.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(state.resolve(BesuRecord.FILE)).doesNotExist();
    } finally {
      fake.destroyForcibly();
    }
  }
}
