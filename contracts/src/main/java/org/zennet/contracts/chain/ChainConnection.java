package org.zennet.contracts.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
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
 *
 * <p>With a WebSocket URL, the connection's {@link #newBlockFeed() block feed} (and so its
 * {@link #receiptWatcher() receipt watcher} and {@link #transactionSender senders}) learns of new blocks by
 * subscription; without one it polls {@code eth_blockNumber}.
 */
public final class ChainConnection implements AutoCloseable {
  public static final Duration RECEIPT_POLL = Duration.ofMillis(100);
  public static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);
  /** Gas limit for contract transactions until each is estimated; below anvil's and Besu's block limits. */
  public static final BigInteger DEFAULT_GAS_LIMIT = BigInteger.valueOf(8_000_000);

  private final Web3j web3j;
  private final URI rpcUrl;
  private final Optional<URI> wsUrl;
  private final long chainId;
  private final ContractGasProvider gasProvider;
  private NewBlockFeed blockFeed;
  private ReceiptWatcher receiptWatcher;

  private ChainConnection(Web3j web3j, URI rpcUrl, Optional<URI> wsUrl, long chainId, ContractGasProvider gasProvider) {
    this.web3j = web3j;
    this.rpcUrl = rpcUrl;
    this.wsUrl = wsUrl;
    this.chainId = chainId;
    this.gasProvider = gasProvider;
  }

  /**
   * Connects to {@code rpcUrl}, reads the chain id and the gas price, and checks the chain id is
   * {@code expectedChainId} when that is positive. New blocks are learnt of by polling.
   */
  public static ChainConnection connect(URI rpcUrl, long expectedChainId) throws IOException {
    return connect(rpcUrl, null, expectedChainId);
  }

  /**
   * As {@link #connect(URI, long)}, with the node's WebSocket endpoint {@code wsUrl} (null for none) for
   * new-block and log subscriptions.
   */
  public static ChainConnection connect(URI rpcUrl, URI wsUrl, long expectedChainId) throws IOException {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl.toString()));
    try {
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      if (expectedChainId > 0 && chainId != expectedChainId) {
        throw new IOException("the chain at " + rpcUrl + " has chain id " + chainId + ", not " + expectedChainId);
      }
      // Twice the current price leaves room for the base fee to rise; a free-gas chain answers 0.
      BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().shiftLeft(1);
      return new ChainConnection(web3j, rpcUrl, Optional.ofNullable(wsUrl), chainId,
          new StaticGasProvider(gasPrice, DEFAULT_GAS_LIMIT));
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

  /** The node's HTTP JSON-RPC endpoint. */
  public URI rpcUrl() {
    return rpcUrl;
  }

  /** The node's WebSocket endpoint, if one was given. */
  public Optional<URI> wsUrl() {
    return wsUrl;
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

  /** The connection's new-block feed (started on first use, stopped by {@link #close()}). */
  public synchronized NewBlockFeed newBlockFeed() {
    if (blockFeed == null) {
      blockFeed = NewBlockFeed.start(web3j, wsUrl, NewBlockFeedConfig.DEFAULT);
    }
    return blockFeed;
  }

  /** The connection's receipt watcher, shared by its senders (started on first use, stopped by {@link #close()}). */
  public synchronized ReceiptWatcher receiptWatcher() {
    if (receiptWatcher == null) {
      receiptWatcher = new ReceiptWatcher(web3j, newBlockFeed());
    }
    return receiptWatcher;
  }

  /** A pipelining sender for {@code account}, decoding reverts with {@code decoder}. */
  public TransactionSender transactionSender(Credentials account, RevertDecoder decoder) {
    return TransactionSender.create(this, account, decoder);
  }

  @Override
  public synchronized void close() {
    if (receiptWatcher != null) {
      receiptWatcher.close();
    }
    if (blockFeed != null) {
      blockFeed.close();
    }
    web3j.shutdown();
  }
}
