package org.zennet.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZennetProcessIT {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void runsACommandToItsEndAndKeepsItsOutput() throws Exception {
    try (ZennetProcess p = ZennetProcess.start("version", dir.resolve("logs/version.log"), List.of(), "--version")) {
      Matcher m = p.awaitReady(Pattern.compile("^zennet (\\S+)"), START);
      assertThat(m.group(1)).isNotBlank();
      assertThat(p.awaitExit(Duration.ofSeconds(30))).contains(0);
      assertThat(Files.readString(p.log())).startsWith("zennet ");
    }
  }

  @Test
  void stopsALongRunningCommandWithSigtermAndKillsWithSigkill() throws Exception {
    ZennetProcess listener = ZennetProcess.start("listener", dir.resolve("listen.log"), List.of("-Xmx128m"),
        "peer", "listen", "--listen", "/ip4/127.0.0.1/tcp/0");
    ZennetProcess victim = ZennetProcess.start("victim", dir.resolve("victim.log"), List.of("-Xmx128m"),
        "peer", "listen", "--listen", "/ip4/127.0.0.1/tcp/0");
    try {
      assertThat(listener.awaitReady(Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/\\w+"), START).group()).isNotEmpty();
      victim.awaitReady(Pattern.compile("/p2p/"), START);
      long pid = listener.pid();
      assertThat(ProcessHandle.of(pid)).isPresent();

      assertThat(listener.stop(Duration.ofSeconds(20))).as("exit after SIGTERM").isIn(0, 143);
      assertThat(listener.isAlive()).isFalse();
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();

      assertThat(victim.kill()).as("exit after SIGKILL").isEqualTo(137);
      assertThat(victim.isAlive()).isFalse();
    } finally {
      listener.kill();
      victim.kill();
    }
  }

  @Test
  void waitingForALineThatNeverComesSaysWhatTheChildPrinted() throws Exception {
    try (ZennetProcess p = ZennetProcess.start("bad", dir.resolve("bad.log"), List.of(), "no-such-command")) {
      assertThatThrownBy(() -> p.awaitReady(Pattern.compile("never printed"), START))
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining("bad ended (exit 2)")
          .hasMessageContaining("no-such-command");
    }
  }
}
