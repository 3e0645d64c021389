package org.zennet.contracts.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A JSON-RPC connection to one chain, with what sending transactions needs: the chain id, a gas price
 * policy and a receipt processor that looks every {@link #RECEIPT_POLL} rather than Web3j's 15 s.
 * Transactions are always signed locally and sent raw ({@code eth_sendRawTransaction}), as Besu requires.
 */
public final class ChainConnection implements AutoCloseable {
  public static final Duration RECEIPT_POLL = Duration.ofMillis(100);
  public static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);
  /** Gas limit for contract transactions until each is estimated; below anvil's and Besu's block limits. */
  public static final BigInteger DEFAULT_GAS_LIMIT = BigInteger.valueOf(8_000_000);

  private final Web3j web3j;
  private final long chainId;
  private final ContractGasProvider gasProvider;

  private ChainConnection(Web3j web3j, long chainId, ContractGasProvider gasProvider) {
    this.web3j = web3j;
    this.chainId = chainId;
    this.gasProvider = gasProvider;
  }

  /**
   * Connects to {@code rpcUrl}, reads the chain id and the gas price, and checks the chain id is
   * {@code expectedChainId} when that is positive.
   */
  public static ChainConnection connect(URI rpcUrl, long expectedChainId) throws IOException {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl.toString()));
    try {
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      if (expectedChainId > 0 && chainId != expectedChainId) {
        throw new IOException("the chain at " + rpcUrl + " has chain id " + chainId + ", not " + expectedChainId);
      }
      // Twice the current price leaves room for the base fee to rise; a free-gas chain answers 0.
      BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().shiftLeft(1);
      return new ChainConnection(web3j, chainId, new StaticGasProvider(gasPrice, DEFAULT_GAS_LIMIT));
    } catch (IOException | RuntimeException e) {
      web3j.shutdown();
      throw new IOException("cannot reach the chain at " + rpcUrl + ": " + e.getMessage(), e);
    }
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  public ContractGasProvider gasProvider() {
    return gasProvider;
  }

  /** A transaction manager that signs as {@code credentials} and waits for receipts quickly. */
  public TransactionManager transactionManager(Credentials credentials) {
    var receipts = new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL.toMillis(),
        (int) (RECEIPT_TIMEOUT.toMillis() / RECEIPT_POLL.toMillis()));
    return new RawTransactionManager(web3j, credentials, chainId, receipts);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
