package org.zennet.contracts.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Completes the receipt futures of sent transactions block by block: on every new block of a
 * {@link NewBlockFeed} it asks for the receipts of all transactions still pending, in one JSON-RPC batch,
 * and once when a transaction is first watched (it may be mined already). A transaction without a receipt
 * for a given number of blocks is looked up with {@code eth_getTransactionByHash}; if the node no longer
 * knows it, the watcher calls its "dropped" hook (the sender sends it again) and keeps watching.
 */
public final class ReceiptWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptWatcher.class);
  /** The most requests in one JSON-RPC batch (Besu's default limit is 1,024). */
  static final int MAX_BATCH = 200;

  private final Web3j web3j;
  private final NewBlockFeed blocks;
  private final LongConsumer onBlock = number -> requestCheck();
  private final Map<String, Watch> pending = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("zennet-receipts").factory());
  private final AtomicBoolean checkRequested = new AtomicBoolean();

  private static final class Watch {
    final CompletableFuture<TransactionReceipt> receipt = new CompletableFuture<>();
    final int droppedAfterBlocks;
    final Runnable onDropped;
    volatile long since;

    Watch(long since, int droppedAfterBlocks, Runnable onDropped) {
      this.since = since;
      this.droppedAfterBlocks = droppedAfterBlocks;
      this.onDropped = onDropped;
    }
  }

  /** Watches for receipts on each block of {@code blocks}, asking {@code web3j} (HTTP). */
  public ReceiptWatcher(Web3j web3j, NewBlockFeed blocks) {
    this.web3j = web3j;
    this.blocks = blocks;
    blocks.addListener(onBlock);
  }

  /** The receipt of transaction {@code txHash}, once it is mined. It never times out by itself. */
  public CompletableFuture<TransactionReceipt> watch(String txHash) {
    return watch(txHash, Integer.MAX_VALUE, () -> {});
  }

  /**
   * The receipt of {@code txHash}; {@code onDropped} runs (on the watcher's thread: hand work off) when
   * the transaction has had no receipt for {@code droppedAfterBlocks} blocks and the node does not know it.
   */
  CompletableFuture<TransactionReceipt> watch(String txHash, int droppedAfterBlocks, Runnable onDropped) {
    Watch watch = pending.computeIfAbsent(txHash.toLowerCase(), h -> new Watch(blocks.latest(), droppedAfterBlocks, onDropped));
    requestCheck();
    return watch.receipt;
  }

  /** Stops watching {@code txHash} (it was replaced); its future is cancelled. */
  void forget(String txHash) {
    Watch watch = pending.remove(txHash.toLowerCase());
    if (watch != null) {
      watch.receipt.cancel(false);
    }
  }

  /** The latest block number the watcher knows of, or -1 before the first. */
  public long latestBlock() {
    return blocks.latest();
  }

  /** How many transactions are being watched. */
  public int pendingCount() {
    return pending.size();
  }

  private void requestCheck() {
    if (executor.isShutdown() || !checkRequested.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(() -> {
        checkRequested.set(false);
        check();
      });
    } catch (RejectedExecutionException closedMeanwhile) {
      LOG.debug("receipt watcher closed");
    }
  }

  private void check() {
    List<String> hashes = new ArrayList<>(pending.keySet());
    if (hashes.isEmpty()) {
      return;
    }
    long head = blocks.latest();
    List<String> stale = new ArrayList<>();
    try {
      for (int from = 0; from < hashes.size(); from += MAX_BATCH) {
        List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + MAX_BATCH));
        List<Optional<TransactionReceipt>> receipts = receipts(chunk);
        for (int i = 0; i < chunk.size(); i++) {
          String hash = chunk.get(i);
          Optional<TransactionReceipt> receipt = receipts.get(i);
          if (receipt.isPresent()) {
            Watch done = pending.remove(hash);
            if (done != null) {
              done.receipt.complete(receipt.get());
            }
          } else if (isOverdue(pending.get(hash), head)) {
            stale.add(hash);
          }
        }
      }
      if (!stale.isEmpty()) {
        checkDropped(stale, head);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("receipt check failed, trying again on the next block: {}", e.toString());
    }
  }

  private static boolean isOverdue(Watch watch, long head) {
    if (watch == null) {
      return false;
    }
    if (watch.since < 0 || watch.since > head) { // watched before the first block, or the chain was reset
      watch.since = head;
    }
    return head - watch.since >= watch.droppedAfterBlocks;
  }

  private List<Optional<TransactionReceipt>> receipts(List<String> hashes) throws IOException {
    BatchRequest batch = web3j.newBatch();
    hashes.forEach(h -> batch.add(web3j.ethGetTransactionReceipt(h)));
    List<Optional<TransactionReceipt>> result = new ArrayList<>();
    for (Response<?> response : batch.send().getResponses()) {
      failOnError(response, "eth_getTransactionReceipt");
      result.add(((EthGetTransactionReceipt) response).getTransactionReceipt());
    }
    return result;
  }

  private void checkDropped(List<String> hashes, long head) throws IOException {
    BatchRequest batch = web3j.newBatch();
    hashes.forEach(h -> batch.add(web3j.ethGetTransactionByHash(h)));
    List<? extends Response<?>> responses = batch.send().getResponses();
    for (int i = 0; i < hashes.size(); i++) {
      failOnError(responses.get(i), "eth_getTransactionByHash");
      Watch watch = pending.get(hashes.get(i));
      if (watch == null) {
        continue;
      }
      watch.since = head;
      if (((EthTransaction) responses.get(i)).getTransaction().isEmpty()) {
        LOG.info("transaction {} is neither mined nor known to the node after {} blocks: it was dropped",
            hashes.get(i), watch.droppedAfterBlocks);
        watch.onDropped.run();
      }
    }
  }

  private static void failOnError(Response<?> response, String method) throws IOException {
    if (response.hasError()) {
      throw new IOException(method + " failed: " + response.getError().getMessage());
    }
  }

  /** Stops watching; pending futures stay incomplete. */
  @Override
  public void close() {
    blocks.removeListener(onBlock);
    executor.shutdownNow();
  }
}
