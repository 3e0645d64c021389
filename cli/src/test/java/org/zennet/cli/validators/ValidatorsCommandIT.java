package org.zennet.cli.validators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.contracts.testkit.ElectionFixture.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.zennet.cli.ZennetCliIT;
import org.zennet.cli.ZennetCliIT.Run;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.testkit.ElectionFixture;

/** zennet validators list|register|stake|delegate|unstake|withdraw|rotate against an election on anvil. */
class ValidatorsCommandIT {
  private static final String PASSWORD = "election-password";

  @TempDir Path tmp;

  private Path deployment;
  private Path passwordFile;

  private Run zennet(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--deployment", deployment.toString()));
    return ZennetCliIT.zennet(all.toArray(String[]::new));
  }

  private Run signed(Path keystore, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--keystore", keystore.toString(), "--password-file", passwordFile.toString()));
    return zennet(all.toArray(String[]::new));
  }

  private Path keystore(Credentials key, String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return dir.resolve(WalletUtils.generateWalletFile(PASSWORD, key.getEcKeyPair(), dir.toFile(), false));
  }

  private static Run ok(Run run) {
    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    return run;
  }

  @Test
  void deployRecordsANewElectionOverTheDescriptorsXenCoin() throws Exception {
    try (DevChain dev = DevChain.start(DevChainConfig.DEFAULT);
        ElectionFixture fx = ElectionFixture.deploy(dev, 1, 1, 5, 60, List.of(node(900)))) {
      deployment = tmp.resolve("deployment.json");
      new Deployment(dev.chainId(), dev.httpUrl(), dev.wsUrl(), 0, Map.of(Deployment.XEN_COIN, fx.tokenAddress()))
          .write(deployment);
      passwordFile = Files.writeString(tmp.resolve("password.txt"), PASSWORD);
      Path operator = keystore(fx.key(0), "operator");

      Run bad = signed(operator, "validators", "deploy", "--genesis-validators", node(2) + "," + node(1),
          "--max-validators", "9", "--max-candidates", "4");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("--max-validators must be 1..4");
      Run deployed = ok(signed(operator, "validators", "deploy", "--genesis-validators", node(2) + "," + node(1),
          "--epoch", "50"));
      assertThat(deployed.out()).contains("Deployed ValidatorElection at", "top 2 of at most 100 candidates",
          "epochs of 50 blocks", "zennet chain transition --contract");
      assertThat(Deployment.read(deployment).address(ValidatorsCommand.ELECTION)).isPresent();
      assertThat(ok(zennet("validators", "list")).out()).contains("Active validators (2, the genesis validators",
          node(1), node(2));
      Run twice = signed(operator, "validators", "deploy", "--genesis-validators", node(1));
      assertThat(twice.exit()).isEqualTo(1);
      assertThat(twice.err()).contains("has a ValidatorElection already");
    }
  }

  @Test
  void holdersStakeDelegateAndElectTheValidatorsFromTheCommandLine() throws Exception {
    try (DevChain dev = DevChain.start(DevChainConfig.DEFAULT);
        ElectionFixture fx = ElectionFixture.deploy(dev, 2, 3, 5, 60, List.of(node(900)))) {
      deployment = tmp.resolve("deployment.json");
      new Deployment(dev.chainId(), dev.httpUrl(), dev.wsUrl(), 0, Map.of(Deployment.XEN_COIN, fx.tokenAddress(),
          ValidatorsCommand.ELECTION, fx.electionAddress())).write(deployment);
      passwordFile = Files.writeString(tmp.resolve("password.txt"), PASSWORD);
      Path alice = keystore(fx.key(1), "alice");
      Path bob = keystore(fx.key(2), "bob");

      Run list = ok(zennet("validators", "list"));
      assertThat(list.out()).contains("top 2 of at most 3 candidates, epochs of 5 blocks, unbonding 60 s",
          "Active validators (1, the genesis validators: no one is elected)", node(900), "Candidates (0)",
          "Next rotation from block 5");

      assertThat(ok(signed(alice, "validators", "register", "--node", node(1))).out())
          .contains("Registered candidate " + node(1) + ", operated by " + fx.key(1).getAddress().toLowerCase());
      Run again = signed(bob, "validators", "register", "--node", node(1));
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err()).contains("register refused: that node is registered already",
          "ValidatorElectionAlreadyRegistered");
      assertThat(ok(signed(alice, "validators", "stake", "--amount", "100", "--to", node(1))).out())
          .contains("Delegating to " + node(1), "Staked 100 XEN: 100 XEN bonded, delegated to " + node(1));
      ok(signed(bob, "validators", "register", "--node", node(2)));
      assertThat(ok(signed(bob, "validators", "stake", "--amount", "50.5")).out())
          .contains("delegated to no one (zennet validators delegate --to NODE)");
      assertThat(ok(signed(bob, "validators", "delegate", "--to", node(2))).out())
          .contains("Delegated 50.5 XEN to " + node(2));

      list = ok(zennet("validators", "list"));
      assertThat(list.out()).contains("Candidates (2)", "100 ", "50.5", "elected next");
      assertThat(list.out().indexOf(node(1))).as("ranked by stake").isLessThan(list.out().lastIndexOf(node(2)));

      fx.mine(Math.max(0, fx.reader().nextRotationBlock().send().longValueExact() - fx.blockNumber() - 1));
      Run rotated = ok(signed(bob, "validators", "rotate"));
      assertThat(rotated.out()).contains("Rotated: 2 validators elected for epoch", node(1), node(2));
      Run early = signed(bob, "validators", "rotate");
      assertThat(early.exit()).isEqualTo(1);
      assertThat(early.err()).contains("rotate refused: this epoch was elected already");
      assertThat(ok(zennet("validators", "list")).out()).contains("Active validators (2, elected in epoch", "active, elected next");

      assertThat(ok(signed(alice, "validators", "unstake", "--amount", "40")).out())
          .contains("Unbonding 40 XEN in all", "60 XEN stays bonded");
      Run locked = signed(alice, "validators", "withdraw");
      assertThat(locked.exit()).isEqualTo(1);
      assertThat(locked.err()).contains("withdraw refused: the unbonding period is not over yet");
      dev.advanceTime(61);
      assertThat(ok(signed(alice, "validators", "withdraw")).out()).contains("Withdrew 40 XEN");
      assertThat(ok(signed(bob, "validators", "delegate", "--to", "none")).out()).contains("to no one");

      Run zero = signed(alice, "validators", "stake", "--amount", "0");
      assertThat(zero.exit()).isEqualTo(2);
      assertThat(zero.err()).contains("--amount must be more than 0 XEN");
      Run badNode = signed(alice, "validators", "register", "--node", "0x12");
      assertThat(badNode.exit()).isEqualTo(2);
      assertThat(badNode.err()).contains("--node");
      Run notOperator = signed(bob, "validators", "unregister", "--node", node(1));
      assertThat(notOperator.err()).contains("only the account that registered the node may unregister it");
      Run noElection = zennet("validators", "list", "--election", fx.key(5).getAddress());
      assertThat(noElection.exit()).isEqualTo(1);
      assertThat(noElection.err()).contains("no contract at", "zennet chain init --election");
    }
  }
}
