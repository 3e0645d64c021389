package org.zennet.contracts.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * {@link TransactionSender} that signs locally and sends with {@code eth_sendRawTransaction}.
 *
 * <p>Each {@code send} runs on a virtual thread: quote the fee, estimate the gas (a revert fails the
 * future before a nonce is taken), then, under the account's send lock, take the next local nonce, sign
 * and send; the lock is not held while waiting for receipts, so transactions are pipelined. Recovery:
 * <ul>
 *   <li>"underpriced": signed again with the same nonce at a freshly read price;
 *   <li>"nonce too low" or "too high": unless the node already knows our very transaction from an earlier
 *       send of ours, the nonce is read again from {@code eth_getTransactionCount(pending)} and the
 *       transaction re-signed and re-sent. A hash the node knows although we never sent it means another
 *       process sent the very same bytes (same key, nonce, call and fees): that is its transaction, not
 *       ours, so ours still needs a nonce of its own;
 *   <li>the node unreachable: the same signed transaction is sent again, then left to the dropped check;
 *   <li>refused for another reason after its nonce was taken: the nonce is given back, or, if later ones
 *       are out, filled with a zero-value transfer to self so that they are not stuck behind a gap;
 *   <li>dropped (no receipt for {@code droppedAfterBlocks} blocks and unknown to the node): sent again as
 *       signed; if its nonce was taken meanwhile it is re-signed with a new one, if its price is now too
 *       low it is re-signed with a fresh price.
 * </ul>
 */
final class RawTransactionSender implements TransactionSender {
  private static final Logger LOG = LoggerFactory.getLogger(RawTransactionSender.class);
  private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  private final Web3j web3j;
  private final long chainId;
  private final Credentials account;
  private final RevertInterpreter reverts;
  private final ReceiptWatcher watcher;
  private final TransactionSenderConfig config;
  private final NodeFees fees;
  private final NonceTracker nonces = new NonceTracker();
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /** One transaction on its way; the signed form changes when it is re-signed. */
  private static final class Outgoing {
    final TransactionRequest request;
    final BigInteger gasLimit;
    final CompletableFuture<TransactionReceipt> result;
    volatile BigInteger nonce;
    volatile String signed;
    volatile String hash;
    /** Whether this signed form was handed to the node before (then "already known" means it is ours). */
    volatile boolean handedToNode;

    Outgoing(TransactionRequest request, BigInteger gasLimit, CompletableFuture<TransactionReceipt> result) {
      this.request = request;
      this.gasLimit = gasLimit;
      this.result = result;
    }
  }

  RawTransactionSender(Web3j web3j, long chainId, Credentials account, RevertDecoder decoder, ReceiptWatcher watcher,
      TransactionSenderConfig config) {
    this.web3j = web3j;
    this.chainId = chainId;
    this.account = account;
    this.reverts = new RevertInterpreter(decoder);
    this.watcher = watcher;
    this.config = config;
    this.fees = new NodeFees(web3j, watcher::latestBlock);
  }

  @Override
  public String address() {
    return account.getAddress();
  }

  @Override
  public CompletableFuture<TransactionReceipt> send(TransactionRequest request) {
    CompletableFuture<TransactionReceipt> result = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        BigInteger gasLimit = request.gasLimit().isPresent() ? request.gasLimit().get() : estimate(request);
        Outgoing tx = new Outgoing(request, gasLimit, result);
        submitWithNextNonce(tx);
        watch(tx);
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  @Override
  public CompletableFuture<String> call(String to, String data) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(address(), to, data),
            DefaultBlockParameterName.LATEST).send();
        if (call.hasError()) {
          throw RevertInterpreter.revertData(call.getError())
              .<Exception>map(revert -> reverts.toException(revert, "eth_call to " + to))
              .orElseGet(() -> new TransactionRejectedException("eth_call to " + to + " failed: "
                  + call.getError().getMessage()));
        }
        return call.getValue();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, executor);
  }

  private BigInteger estimate(TransactionRequest request) throws Exception {
    EthEstimateGas estimate = web3j.ethEstimateGas(new Transaction(address(), null, null, null,
        request.to().orElse(null), request.value(), request.data())).send();
    if (estimate.hasError()) {
      String what = "eth_estimateGas of " + request.describe();
      throw RevertInterpreter.revertData(estimate.getError())
          .<Exception>map(revert -> reverts.toException(revert, what))
          .orElseGet(() -> new TransactionRejectedException(what + " from " + address() + " failed: "
              + estimate.getError().getMessage() + " (does the account hold enough for gas and value?)"));
    }
    BigInteger estimated = estimate.getAmountUsed();
    return estimated.add(estimated.multiply(BigInteger.valueOf(config.gasMarginPercent())).divide(BigInteger.valueOf(100)));
  }

  /** Under the send lock: takes the next nonce, signs and sends, re-syncing the nonce when the node says so. */
  private void submitWithNextNonce(Outgoing tx) throws IOException, TransactionRejectedException {
    sendLock.lock();
    try {
      for (int attempt = 1; attempt <= config.sendAttempts(); attempt++) {
        if (nonces.needsSync()) {
          nonces.sync(pendingNonce());
        }
        BigInteger nonce = nonces.allocate();
        sign(tx, nonce, fees.quote());
        Rejection rejection = sendSigned(tx);
        if (rejection == null) {
          return;
        }
        if (rejection.kind() == SendRejection.NONCE_TOO_LOW || rejection.kind() == SendRejection.NONCE_TOO_HIGH) {
          LOG.info("nonce {} of {} refused ({}): reading the nonce from the node again", nonce, address(),
              rejection.message());
          nonces.invalidate();
          continue;
        }
        if (rejection.kind() == SendRejection.UNDERPRICED && nonces.release(nonce)) {
          LOG.info("price refused for nonce {} of {} ({}): signing again at the current price", nonce, address(),
              rejection.message());
          continue;
        }
        giveBack(nonce);
        throw rejection.exception(tx.request, address());
      }
      throw new TransactionRejectedException("the node kept refusing the nonce of " + tx.request.describe() + " from "
          + address() + " after " + config.sendAttempts() + " attempts; is another process sending from this account?");
    } finally {
      sendLock.unlock();
    }
  }

  private void sign(Outgoing tx, BigInteger nonce, FeeQuote fee) {
    tx.nonce = nonce;
    tx.signed = signTransaction(nonce, fee, tx.gasLimit, tx.request.to().orElse(""), tx.request.value(),
        tx.request.data());
    tx.hash = Hash.sha3(tx.signed);
    tx.handedToNode = false;
  }

  private String signTransaction(BigInteger nonce, FeeQuote fee, BigInteger gasLimit, String to, BigInteger value,
      String data) {
    byte[] signed;
    if (fee.legacy()) {
      RawTransaction raw = RawTransaction.createTransaction(nonce, fee.gasPrice(), gasLimit, to, value, data);
      signed = TransactionEncoder.signMessage(raw, chainId, account);
    } else {
      RawTransaction raw = RawTransaction.createTransaction(chainId, nonce, gasLimit, to, value, data,
          fee.maxPriorityFeePerGas(), fee.maxFeePerGas());
      signed = TransactionEncoder.signMessage(raw, account);
    }
    return Numeric.toHexString(signed);
  }

  /** Why the node refused a transaction, and the words it used. */
  private record Rejection(SendRejection kind, String message) {
    TransactionRejectedException exception(TransactionRequest request, String from) {
      return new TransactionRejectedException("the node refused " + request.describe() + " from " + from + ": " + message);
    }
  }

  /**
   * Sends {@code tx} as signed, retrying while the node is unreachable.
   *
   * @return null when the node has it (accepted now or known already), else why it was refused
   */
  private Rejection sendSigned(Outgoing tx) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean sentBefore = tx.handedToNode;
        tx.handedToNode = true;
        EthSendTransaction sent = web3j.ethSendRawTransaction(tx.signed).send();
        if (!sent.hasError()) {
          return null;
        }
        SendRejection kind = SendRejection.classify(sent.getError().getMessage());
        if (kind == SendRejection.ALREADY_KNOWN || (kind == SendRejection.NONCE_TOO_LOW && nodeKnows(tx.hash))) {
          if (sentBefore) {
            return null; // our own earlier send got through
          }
          return new Rejection(SendRejection.NONCE_TOO_LOW,
              "another sender already sent these very bytes with nonce " + tx.nonce);
        }
        if (kind == SendRejection.UNDERPRICED) {
          fees.invalidate();
        }
        return new Rejection(kind, sent.getError().getMessage());
      } catch (IOException e) {
        if (attempt >= config.sendAttempts()) {
          LOG.warn("cannot reach the node to send {} (nonce {}): {}; it is sent again if the node does not have it "
              + "after {} blocks", tx.hash, tx.nonce, e.getMessage(), config.droppedAfterBlocks());
          return null;
        }
        pause();
      }
    }
  }

  private boolean nodeKnows(String hash) throws IOException {
    return web3j.ethGetTransactionByHash(hash).send().getTransaction().isPresent();
  }

  private BigInteger pendingNonce() throws IOException {
    var count = web3j.ethGetTransactionCount(address(), DefaultBlockParameterName.PENDING).send();
    if (count.hasError()) {
      throw new IOException("eth_getTransactionCount of " + address() + " failed: " + count.getError().getMessage());
    }
    return count.getTransactionCount();
  }

  /** The node refused the transaction with {@code nonce}: reuse the nonce, or fill the gap it leaves. */
  private void giveBack(BigInteger nonce) throws IOException {
    if (nonces.release(nonce)) {
      return;
    }
    LOG.warn("nonce {} of {} is unused and later transactions wait behind it: filling it with a zero-value "
        + "transfer to self", nonce, address());
    Outgoing filler = new Outgoing(TransactionRequest.call(address(), "0x"), TRANSFER_GAS, new CompletableFuture<>());
    sign(filler, nonce, fees.quote());
    Rejection rejection = sendSigned(filler);
    if (rejection != null) {
      LOG.error("cannot fill nonce {} of {} ({}); transactions after it stay pending until this account sends again",
          nonce, address(), rejection.message());
      nonces.invalidate();
    }
  }

  private void watch(Outgoing tx) {
    String hash = tx.hash;
    LOG.debug("sent {} nonce {} from {}", hash, tx.nonce, address());
    watcher.watch(hash, config.droppedAfterBlocks(), () -> executor.execute(() -> resendDropped(tx, hash)))
        .whenComplete((receipt, error) -> executor.execute(() -> {
          if (!hash.equals(tx.hash)) {
            return; // replaced by a re-signed transaction, which has its own watch
          }
          if (error != null) {
            if (!(error instanceof CancellationException)) {
              tx.result.completeExceptionally(error);
            }
          } else if (receipt.isStatusOK()) {
            tx.result.complete(receipt);
          } else {
            tx.result.completeExceptionally(replayRevert(tx, receipt));
          }
        }));
  }

  private void resendDropped(Outgoing tx, String droppedHash) {
    if (!droppedHash.equals(tx.hash) || tx.result.isDone()) {
      return;
    }
    try {
      Rejection rejection = sendSigned(tx);
      if (rejection == null) {
        LOG.info("sent dropped transaction {} (nonce {}) again", droppedHash, tx.nonce);
        return;
      }
      if (rejection.kind() == SendRejection.NONCE_TOO_LOW) {
        LOG.info("the nonce {} of dropped transaction {} was used by another: signing it with a new one", tx.nonce,
            droppedHash);
        submitWithNextNonce(tx);
      } else {
        LOG.info("dropped transaction {} refused when sent again ({}): signing it with a fresh price", droppedHash,
            rejection.message());
        resignSameNonce(tx);
      }
      watcher.forget(droppedHash);
      watch(tx);
    } catch (Exception e) {
      tx.result.completeExceptionally(e);
    }
  }

  private void resignSameNonce(Outgoing tx) throws IOException, TransactionRejectedException {
    sendLock.lock();
    try {
      sign(tx, tx.nonce, fees.quote());
      Rejection again = sendSigned(tx);
      if (again != null) {
        throw again.exception(tx.request, address());
      }
    } finally {
      sendLock.unlock();
    }
  }

  /** A mined transaction failed: replays it with {@code eth_call} at its block for the revert data. */
  private Exception replayRevert(Outgoing tx, TransactionReceipt receipt) {
    String what = "transaction " + receipt.getTransactionHash() + " (block " + receipt.getBlockNumber() + ", gas used "
        + receipt.getGasUsed() + " of " + tx.gasLimit + ")";
    try {
      EthCall replay = web3j.ethCall(new Transaction(address(), null, null, tx.gasLimit, tx.request.to().orElse(null),
          tx.request.value(), tx.request.data()), DefaultBlockParameter.valueOf(receipt.getBlockNumber())).send();
      String revertData = replay.hasError() ? RevertInterpreter.revertData(replay.getError()).orElse("0x") : "0x";
      return reverts.toException(revertData, what);
    } catch (IOException e) {
      return new UnknownRevertException("0x", what + " (replaying it failed: " + e.getMessage() + ")");
    }
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(config.retryDelay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while retrying a send", e);
    }
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
