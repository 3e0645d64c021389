package org.zennet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.zennet.besu.ChainRecord;
import org.zennet.contracts.Toolchain;
import org.zennet.contracts.deploy.Deployment;

/** The zennet command as a user runs it: chain up and down, cast against it, wallets, bad input (the demo: DemoCommandIT). */
public class ZennetCliIT {
  /** The first anvil dev key: the treasury of the dev genesis distribution. */
  private static final String TREASURY_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  @TempDir Path home;

  public record Run(int exit, String out, String err) {}

  public static Run zennet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @AfterEach
  void stopAnyChain() throws Exception {
    zennet("chain", "down", "--home", home.toString());
  }

  @Test
  void helpListsEveryCommandGroup() {
    Run help = zennet("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("chain", "task", "publish", "provide", "watch", "peer", "demo", "audit", "bench", "wallet");
    assertThat(zennet("--version").out()).startsWith("zennet ");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(zennet("watch").exit()).as("watch without --config").isEqualTo(2);
    assertThat(zennet("chain").exit()).as("a group without its subcommand").isEqualTo(2);
    assertThat(zennet("task").exit()).as("a group without its subcommand").isEqualTo(2);
    assertThat(zennet("no-such-command").exit()).isEqualTo(2);
  }

  @Test
  void chainUpDetachedServesCastAndChainDownLeavesNoProcess() throws Exception {
    Run up = zennet("chain", "up", "--detach", "--port", "0", "--home", home.toString());
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(up.out()).contains("RPC URL", "XenCoin", "Detached");

    Deployment deployment = Deployment.read(home.resolve("deployment.json"));
    ChainRecord record = ChainRecord.read(home).orElseThrow();
    assertThat(ProcessHandle.of(record.pid()).filter(ProcessHandle::isAlive)).isPresent();

    String supply = run(Toolchain.binary("cast").toString(), "call", deployment.requireAddress("XenCoin"),
        "totalSupply()(uint256)", "--rpc-url", deployment.rpcUrl().toString());
    assertThat(supply).startsWith("100000000000000000000000000");

    Run again = zennet("chain", "up", "--detach", "--port", "0", "--home", home.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already running");

    Run down = zennet("chain", "down", "--home", home.toString());
    assertThat(down.exit()).isZero();
    assertThat(down.out()).contains("Stopped");
    ProcessHandle.of(record.pid()).ifPresent(p -> p.onExit().join());
    assertThat(ProcessHandle.of(record.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(home.resolve("deployment.json")).doesNotExist();
    assertThat(zennet("chain", "down", "--home", home.toString()).out()).contains("nothing to stop");
  }

  @Test
  void walletCreatesKeysAndMovesXen() throws Exception {
    assertThat(zennet("chain", "up", "--detach", "--port", "0", "--home", home.toString()).exit()).isZero();
    Path password = home.resolve("password.txt");
    Files.writeString(password, "correct horse battery staple\n");

    Run created = zennet("wallet", "new", "--home", home.toString(), "--password-file", password.toString());
    assertThat(created.exit()).as(created.err()).isZero();
    String[] lines = created.out().split("\n");
    String newAddress = lines[0].trim();
    assertThat(newAddress).matches("0x[0-9a-fA-F]{40}");
    assertThat(Path.of(lines[1].trim())).exists();

    Path treasuryKeystore = home.resolve("treasury.json");
    String name = WalletUtils.generateWalletFile("correct horse battery staple",
        Credentials.create(TREASURY_KEY).getEcKeyPair(), home.toFile(), false);
    Files.move(home.resolve(name), treasuryKeystore);

    Run sent = zennet("wallet", "transfer", "--home", home.toString(), "--keystore", treasuryKeystore.toString(),
        "--password-file", password.toString(), "--to", newAddress, "--amount", "12.5");
    assertThat(sent.exit()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("Sent 12.5 XEN");

    Run balance = zennet("wallet", "balance", "--home", home.toString(), lines[1].trim());
    assertThat(balance.exit()).as(balance.err()).isZero();
    assertThat(balance.out()).startsWith("12.5 XEN");
  }

  @Test
  void walletRejectsBadInputWithoutSendingAnything() throws Exception {
    assertThat(zennet("chain", "up", "--detach", "--port", "0", "--home", home.toString()).exit()).isZero();
    Path password = home.resolve("password.txt");
    Files.writeString(password, "right\n");
    String name = WalletUtils.generateWalletFile("right", Credentials.create(TREASURY_KEY).getEcKeyPair(), home.toFile(), false);
    String keystore = home.resolve(name).toString();
    String to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    String h = home.toString();

    Run negative = zennet("wallet", "transfer", "--home", h, "--keystore", keystore, "--password-file", password.toString(),
        "--to", to, "--amount", "-1");
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).contains("negative");

    Run tooPrecise = zennet("wallet", "transfer", "--home", h, "--keystore", keystore, "--password-file", password.toString(),
        "--to", to, "--amount", "0.0000000000000000001");
    assertThat(tooPrecise.err()).contains("18 decimals");

    Run badAddress = zennet("wallet", "transfer", "--home", h, "--keystore", keystore, "--password-file", password.toString(),
        "--to", "0x1234", "--amount", "1");
    assertThat(badAddress.exit()).isEqualTo(1);
    assertThat(badAddress.err()).contains("--to is not a 0x-prefixed 20-byte hex address");

    Path wrong = home.resolve("wrong.txt");
    Files.writeString(wrong, "wrong\n");
    Run wrongPassword = zennet("wallet", "transfer", "--home", h, "--keystore", keystore, "--password-file", wrong.toString(),
        "--to", to, "--amount", "1");
    assertThat(wrongPassword.exit()).isEqualTo(1);
    assertThat(wrongPassword.err()).contains("wrong password");

    Run tooMuch = zennet("wallet", "transfer", "--home", h, "--keystore", keystore, "--password-file", password.toString(),
        "--to", to, "--amount", "1000000000");
    assertThat(tooMuch.exit()).isEqualTo(1);
    assertThat(tooMuch.err()).contains("less than 1000000000 XEN");

    Path garbage = home.resolve("garbage.json");
    Files.writeString(garbage, "{not a keystore");
    assertThat(zennet("wallet", "balance", "--home", h, garbage.toString()).err()).contains("not a keystore file");

    Run noDeployment = zennet("wallet", "balance", "--home", home.resolve("elsewhere").toString(), to);
    assertThat(noDeployment.exit()).isEqualTo(1);
    assertThat(noDeployment.err()).contains("zennet chain up");

    Run balance = zennet("wallet", "balance", "--home", h, to);
    assertThat(balance.out()).as("nothing was sent").startsWith("1000000 XEN");
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      return output.trim();
    } finally {
      p.destroyForcibly();
    }
  }
}
