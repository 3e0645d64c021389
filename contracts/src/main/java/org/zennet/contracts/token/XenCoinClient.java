package org.zennet.contracts.token;

import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.chain.ContractCalls;
import org.zennet.contracts.chain.TransactionSender;

/** XenCoin (ERC-20) from Java, as one account. */
public final class XenCoinClient {
  private final ContractCalls calls;

  public XenCoinClient(TransactionSender sender, String address) {
    this.calls = new ContractCalls(sender, address);
  }

  /** The token's address. */
  public String address() {
    return calls.address();
  }

  /** {@code account}'s balance, in wei. */
  public CompletableFuture<BigInteger> balanceOf(String account) {
    return calls.uintView("balanceOf", new Address(account));
  }

  /** What {@code spender} may still take from {@code owner}, in wei. */
  public CompletableFuture<BigInteger> allowance(String owner, String spender) {
    return calls.uintView("allowance", new Address(owner), new Address(spender));
  }

  /** Lets {@code spender} take up to {@code amount} wei from this account. */
  public CompletableFuture<TransactionReceipt> approve(String spender, BigInteger amount) {
    return calls.send("approve", new Address(spender), new Uint256(amount));
  }

  /** Sends {@code amount} wei to {@code to}. */
  public CompletableFuture<TransactionReceipt> transfer(String to, BigInteger amount) {
    return calls.send("transfer", new Address(to), new Uint256(amount));
  }
}
