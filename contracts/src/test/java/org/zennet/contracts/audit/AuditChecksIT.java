package org.zennet.contracts.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.contracts.Toolchain;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.generated.errors.PaymentChannelsNothingToRedeemException;
import org.zennet.contracts.testkit.ChannelsFixture;

/**
 * The quick part of {@code zennet audit}, in {@code ./zennet test}: solhint finds nothing, every ABI equals its
 * reviewed copy in {@code contracts/abi/}, the NatSpec is complete, and the coverage tooling maps a small traced
 * scenario (transactions reverted by a snapshot, and an {@code eth_call}) to the right functions and branches.
 * The full coverage run over the whole suite is {@code zennet audit}'s.
 */
class AuditChecksIT {
  private static final Path ROOT = Toolchain.root().orElseThrow();
  private static final Path SOLIDITY = ROOT.resolve("contracts/target/solidity");

  @Test
  void solhintFindsNothing() throws Exception {
    assertThat(Solhint.run(ROOT)).as("solhint findings (fix them, or turn a rule off in .solhint.json and say why "
        + "in docs/development.md)").isEmpty();
  }

  @Test
  void abiMatchesTheReviewedCopies() throws Exception {
    assertThat(AbiCheck.compare(SOLIDITY, ROOT.resolve("contracts/abi")))
        .as("ABI changes; if intended, run 'zennet audit --accept-abi' and commit contracts/abi/").isEmpty();
  }

  @Test
  void natSpecIsComplete() throws Exception {
    NatSpecCheck.Result result = NatSpecCheck.check(SOLIDITY);
    assertThat(result.checked()).isGreaterThan(50);
    assertThat(result.gaps()).isEmpty();
  }

  @Test
  void coverageMapsATracedScenarioToFunctionsAndBranches(@TempDir Path hits) throws Exception {
    try (DevChain dev = DevChain.startTraced(DevChainConfig.DEFAULT, hits)) {
      ChannelsFixture fx = ChannelsFixture.deploy(dev);
      BigInteger snapshot = dev.snapshot();
      BigInteger channel = fx.depositAndOpen(fx.publisher(), fx.provider(), BigInteger.valueOf(1_000));
      SignedVoucher voucher = fx.sign(fx.publisher(), channel, BigInteger.valueOf(400));
      fx.redeem(fx.stranger(), voucher);
      // an eth_call that reverts: traced through the proxy, not a transaction
      fx.channelsRevert(PaymentChannelsNothingToRedeemException.class, fx.provider(),
          c -> c.redeem(channel, voucher.voucher().cumulativeAmount(), voucher.signature()));
      dev.revert(snapshot); // the redeem's block is forgotten now, but was traced before
      fx.close();
    }

    SolidityCoverage.Result result = SolidityCoverage.compute(SOLIDITY.resolve("build-info.json"), CoverageHits.read(hits));
    SolidityCoverage.ContractCoverage channels = contract(result, "PaymentChannels");
    Map<String, Boolean> reached = channels.functions().stream()
        .collect(Collectors.toMap(SolidityCoverage.FunctionCoverage::name, SolidityCoverage.FunctionCoverage::reached));
    assertThat(reached).containsEntry("constructor", true).containsEntry("deposit", true)
        .containsEntry("openChannels", true).containsEntry("redeem", true).containsEntry("_redeem", true)
        .containsEntry("settle", false).containsEntry("topUp", false);
    assertThat(channels.linesCovered()).isPositive().isLessThan(channels.linesTotal());
    // the reverted eth_call took `if (owed <= paid) revert PaymentChannelsNothingToRedeem`, the redeem did not
    int nothingToRedeem = lineOf(result.sources().get(channels.sourceName()), "if (owed <= paid)");
    assertThat(channels.branches().stream().filter(b -> b.line() == nothingToRedeem))
        .hasSize(2).allMatch(SolidityCoverage.Branch::covered);
    assertThat(channels.uncoveredLines()).contains(lineOf(result.sources().get(channels.sourceName()),
        "revert PaymentChannelsCloseNotStarted"));
    assertThat(contract(result, "XenCoin").functionsReached()).isPositive();
    assertThat(result.listing(channels.sourceName())).contains("+ ", "! ");
  }

  private static SolidityCoverage.ContractCoverage contract(SolidityCoverage.Result result, String name) {
    return result.contracts().stream().filter(c -> c.contract().equals(name)).findFirst().orElseThrow();
  }

  private static int lineOf(String source, String text) {
    List<String> lines = source.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text);
  }
}
