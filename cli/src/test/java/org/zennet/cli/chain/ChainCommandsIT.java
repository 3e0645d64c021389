package org.zennet.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.zennet.besu.qbft.QbftExtraData;
import org.zennet.cli.ZennetCliIT.Run;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;

/** chain init, chain deploy and chain up --besu as a user runs them. */
class ChainCommandsIT {
  private static Run zennet(String... args) {
    return org.zennet.cli.ZennetCliIT.zennet(args);
  }

  @TempDir Path tmp;

  @Test
  void initWritesANetworkAndRejectsBadInput() throws Exception {
    Path out = tmp.resolve("net");
    Run init = zennet("chain", "init", "--validators", "4", "--chain-id", "2024", "--out", out.toString(),
        "--alloc", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8=1000");
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out()).contains("tolerates 1 faulty validator", "node-4", "docker compose up");
    String genesis = Files.readString(out.resolve("genesis.json"));
    String extraData = genesis.replaceAll("(?s).*\"extraData\" : \"(0x[0-9a-f]+)\".*", "$1");
    assertThat(QbftExtraData.decode(extraData).validators()).hasSize(4);

    Run again = zennet("chain", "init", "--validators", "4", "--chain-id", "2024", "--out", out.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("not empty", "--force");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "2024", "--out", out.toString(), "--force").out())
        .contains("tolerates 0 faulty validators (4 validators tolerate one)");

    Path bad = tmp.resolve("bad");
    assertThat(zennet("chain", "init", "--validators", "0", "--chain-id", "1", "--out", bad.toString()).err()).contains("--validators must be 1..");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "0", "--out", bad.toString()).err()).contains("--chain-id must be positive");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "1", "--block-period", "0", "--out", bad.toString()).err())
        .contains("--block-period must be at least 1");
    Run badAlloc = zennet("chain", "init", "--validators", "1", "--chain-id", "1", "--alloc", "0x1234=5", "--out", bad.toString());
    assertThat(badAlloc.exit()).isEqualTo(2);
    assertThat(badAlloc.err()).contains("--alloc: '0x1234' is not a 0x-prefixed 20-byte hex address");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "1", "--alloc", "nonsense", "--out", bad.toString()).err())
        .contains("--alloc takes ADDRESS=AMOUNT");
    assertThat(bad).doesNotExist();
  }

  @Test
  void initWithElectionPutsTheContractInTheGenesisAndTransitionAddsTheSwitch() throws Exception {
    Path out = tmp.resolve("dpos");
    String deployer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    Run init = zennet("chain", "init", "--validators", "4", "--chain-id", "2024", "--out", out.toString(), "--election",
        "--xen-deployer", deployer, "--election-validators", "5", "--election-epoch", "100");
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out()).contains("elected by XEN stake", "top 5 of at most 100 candidates", "epochs of 100 blocks",
        "0x5fbdb2315678afecb367f032d93f642f64180aa3");
    var genesis = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("genesis.json").toFile());
    assertThat(genesis.path("config").path("qbft").path("validatorcontractaddress").asText())
        .isEqualTo("0x0000000000000000000000000000000000e1ec71");
    assertThat(QbftExtraData.decode(genesis.path("extraData").asText()).validators()).isEmpty();
    assertThat(genesis.path("alloc").path("0000000000000000000000000000000000e1ec71").path("code").asText()).startsWith("0x6080");

    Path bad = tmp.resolve("bad");
    Run noDeployer = zennet("chain", "init", "--validators", "1", "--chain-id", "1", "--out", bad.toString(), "--election");
    assertThat(noDeployer.exit()).isEqualTo(2);
    assertThat(noDeployer.err()).contains("--election needs --xen-deployer");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "1", "--out", bad.toString(), "--election",
        "--xen-deployer", deployer, "--election-candidates", "300").err()).contains("--election-candidates must be 1..256");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "1", "--out", bad.toString(),
        "--xen-deployer", deployer).err()).contains("go with --election");
    assertThat(bad).doesNotExist();

    // an existing network with header validators: print the entry, then write it into its genesis
    Path net = tmp.resolve("net");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "7", "--out", net.toString()).exit()).isZero();
    String contract = "0x00000000000000000000000000000000000000c0";
    Run printed = zennet("chain", "transition", "--block", "5000", "--contract", contract);
    assertThat(printed.exit()).as(printed.err()).isZero();
    assertThat(printed.out()).contains("\"block\" : 5000", "\"validatorselectionmode\" : \"contract\"",
        "\"validatorcontractaddress\" : \"" + contract + "\"");
    Path file = net.resolve("genesis.json");
    Run written = zennet("chain", "transition", "--block", "5000", "--contract", contract, "--genesis", file.toString(),
        "--write");
    assertThat(written.exit()).as(written.err()).isZero();
    var updated = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    assertThat(updated.path("config").path("transitions").path("qbft").get(0).path("validatorcontractaddress").asText())
        .isEqualTo(contract);
    Run twice = zennet("chain", "transition", "--block", "5000", "--contract", contract, "--genesis", file.toString(),
        "--write");
    assertThat(twice.exit()).isEqualTo(1);
    assertThat(twice.err()).contains("a QBFT transition at block 5000 already");
    Run onElection = zennet("chain", "transition", "--block", "50", "--contract", contract, "--genesis",
        out.resolve("genesis.json").toString());
    assertThat(onElection.err()).contains("already reads its validators from contract");
    assertThat(zennet("chain", "transition", "--block", "0", "--contract", contract).err()).contains("--block must be");
  }

  @Test
  void upWithBesuSaysWhatToDoWhenBesuIsNotOnPath() {
    Path out = tmp.resolve("net");
    assertThat(zennet("chain", "init", "--validators", "1", "--chain-id", "7", "--out", out.toString()).exit()).isZero();
    // the build machines have no Besu; where one is installed this test has nothing to check
    org.junit.jupiter.api.Assumptions.assumeTrue(org.zennet.besu.BesuLauncher.locate(System.getenv("PATH")).isEmpty(),
        "a besu binary is on PATH");
    Run up = zennet("chain", "up", "--besu", out.toString(), "--home", tmp.resolve("home").toString());
    assertThat(up.exit()).isEqualTo(1);
    assertThat(up.err()).contains("besu not found on PATH; install Besu or run the compose file in " + out.toAbsolutePath() + " with Docker");
  }

  @Test
  void deployToAFreeGasChainTwiceDeploysOnce() throws Exception {
    try (DevChain chain = DevChain.start(DevChainConfig.DEFAULT.withZeroGasPrice())) {
      Path password = tmp.resolve("password.txt");
      Files.writeString(password, "deployer password\n");
      String name = WalletUtils.generateWalletFile("deployer password", Keys.createEcKeyPair(new SecureRandom()), tmp.toFile(), false);
      String keystore = tmp.resolve(name).toString();
      String descriptor = tmp.resolve("deployment.json").toString();
      String holder = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

      Run first = zennet("chain", "deploy", "--rpc", chain.httpUrl().toString(), "--keystore", keystore,
          "--password-file", password.toString(), "--deployment", descriptor, "--genesis-holders", holder + "=250.5",
          "--challenge-period", "600");
      assertThat(first.exit()).as(first.err()).isZero();
      assertThat(first.out()).contains("Deployed Zennet's contracts", "XenCoin", "JobMarket", "PaymentChannels", "250.5 XEN");

      Run second = zennet("chain", "deploy", "--rpc", chain.httpUrl().toString(), "--keystore", keystore,
          "--password-file", password.toString(), "--deployment", descriptor, "--genesis-holders", holder + "=250.5");
      assertThat(second.exit()).as(second.err()).isZero();
      assertThat(second.out()).contains("Already deployed", "nothing was sent");

      Run balance = zennet("wallet", "balance", "--deployment", descriptor, holder);
      assertThat(balance.out()).startsWith("250.5 XEN");

      Run badHolders = zennet("chain", "deploy", "--rpc", chain.httpUrl().toString(), "--keystore", keystore,
          "--password-file", password.toString(), "--deployment", tmp.resolve("other.json").toString(), "--genesis-holders", "0x12=1");
      assertThat(badHolders.exit()).isEqualTo(2);
      assertThat(badHolders.err()).contains("--genesis-holders");
    }
  }
}
