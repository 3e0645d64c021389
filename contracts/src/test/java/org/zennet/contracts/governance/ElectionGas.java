package org.zennet.contracts.governance;

import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.Xen;
import org.zennet.contracts.testkit.ElectionFixture;

/** The worst case of {@code rotate()}: every place up to the candidate cap taken, every candidate with stake. */
final class ElectionGas {
  /** ValidatorElection's MAX_CANDIDATES_LIMIT. */
  static final int CAP = 256;

  /** The gas of the last {@code pendingValidators()} estimated by {@link #rotateAtCap}: the ranking alone. */
  static long electGas;

  private ElectionGas() {}

  /**
   * Fills {@code fx}'s election with {@code holders.size()} candidates, candidate {@code i} ({@link ElectionFixture#node
   * node(i)}) backed by holder {@code i} with {@code i + 1} XEN, so that each newcomer ranks first; then rotates and
   * returns the gas of that {@code rotate()}.
   */
  static long rotateAtCap(ElectionFixture fx, List<Credentials> holders) throws Exception {
    Credentials treasury = fx.key(0);
    String election = fx.electionAddress();
    for (int i = 0; i < holders.size(); i++) {
      Credentials holder = holders.get(i);
      BigInteger amount = Xen.of(i + 1);
      fx.fund(holder.getAddress());
      fx.fastSend(treasury, fx.tokenAddress(), fx.token(treasury).transfer(holder.getAddress(), amount));
      fx.fastSend(holder, fx.tokenAddress(), fx.token(holder).approve(election, amount));
      fx.fastSend(holder, election, fx.election(holder).register(ElectionFixture.node(i)));
      fx.fastSend(holder, election, fx.election(holder).delegate(ElectionFixture.node(i)));
      fx.fastSend(holder, election, fx.election(holder).stake(amount));
    }
    fx.mine(1);
    var call = org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(treasury.getAddress(),
        election, fx.election(treasury).pendingValidators().encodeFunctionCall());
    electGas = fx.chain().web3j().ethEstimateGas(call).send().getAmountUsed().longValueExact();
    return fx.fastSend(treasury, election, fx.election(treasury).rotate()).getGasUsed().longValueExact();
  }
}
