package org.zennet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;
import org.zennet.cli.ZennetCliIT.Run;

/** {@code zennet peer id | listen | ping} as a user runs them: listen in a child JVM, ping it from this one. */
class PeerCommandIT {
  @TempDir Path dir;

  @Test
  void idPrintsThePeerIdAndTheAccountOfAKeystore() throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "correct horse\n");
    ECKeyPair key = ECKeyPair.create(java.util.HexFormat.of().parseHex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
    String file = WalletUtils.generateWalletFile("correct horse", key, dir.toFile(), false);

    Run run = ZennetCliIT.zennet("peer", "id", "--keystore", dir.resolve(file).toString(), "--password-file", password.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith("16Uiu2HA");
    assertThat(lines.get(1)).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  }

  @Test
  void listenPrintsItsAddressFirstAndAnswersPing() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // the CLI's own logback.xml (logs on stderr): on the test classpath the contracts test-jar's logback-test.xml,
    // which logs on stdout, would otherwise win and put "Listening on ..." before the address
    Process listener = new ProcessBuilder(java.toString(), "-Dlogback.configurationFile=logback.xml", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(),
        "peer", "listen", "--listen", "/ip4/127.0.0.1/tcp/0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(60, TimeUnit.SECONDS);
      assertThat(first).matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/16Uiu2HA\\w+");

      Run ping = ZennetCliIT.zennet("peer", "ping", first, "--count", "3");
      assertThat(ping.exit()).as(ping.err()).isZero();
      assertThat(ping.out()).contains("Connected to " + first.substring(first.indexOf("/p2p/") + 5), "ping 1:", "ping 3:", "3 pings: min");
    } finally {
      listener.destroy();
      if (!listener.waitFor(10, TimeUnit.SECONDS)) {
        listener.destroyForcibly();
      }
    }
  }

  @Test
  void pingOfANonsenseAddressOrADeadPeerSaysWhy() {
    Run bad = ZennetCliIT.zennet("peer", "ping", "not-an-address");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("is not a multiaddr");

    Run dead = ZennetCliIT.zennet("peer", "ping", "/ip4/127.0.0.1/tcp/1", "--timeout", "3");
    assertThat(dead.exit()).isEqualTo(1);
    assertThat(dead.err()).contains("cannot ping /ip4/127.0.0.1/tcp/1");
  }
}
