package org.zennet.contracts.chain;

import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Sends transactions for one account as raw signed transactions ({@code eth_sendRawTransaction}), with
 * the nonce tracked locally so that many can be in flight at once: {@code send} returns as soon as the
 * transaction is handed to a worker, and its future completes with the receipt once it is mined.
 *
 * <p>Futures fail with a {@link ContractRevertException} (decoded by the {@link RevertDecoder} given at
 * creation; {@link UnknownRevertException} when it does not know the error) when estimation or the mined
 * transaction reverts, and with a {@link TransactionRejectedException} when the node refuses it otherwise.
 * Nothing blocks the caller's thread; callbacks run on the sender's virtual threads.
 */
public interface TransactionSender extends AutoCloseable {

  /** A sender for {@code account} on {@code chain}, sharing the connection's receipt watcher. */
  static TransactionSender create(ChainConnection chain, Credentials account, RevertDecoder decoder) {
    return create(chain, account, decoder, TransactionSenderConfig.DEFAULT);
  }

  /** As {@link #create(ChainConnection, Credentials, RevertDecoder)}, configured. */
  static TransactionSender create(ChainConnection chain, Credentials account, RevertDecoder decoder,
      TransactionSenderConfig config) {
    return new RawTransactionSender(chain.web3j(), chain.chainId(), account, decoder, chain.receiptWatcher(), config);
  }

  /** The sending account's address, 0x-hex lower case. */
  String address();

  /** Sends {@code request}; the future completes with the receipt of the mined, successful transaction. */
  CompletableFuture<TransactionReceipt> send(TransactionRequest request);

  /**
   * Sends {@code data} to {@code to} (null: deploys the contract whose init code {@code data} is), with
   * {@code value} wei and an estimated gas limit.
   */
  default CompletableFuture<TransactionReceipt> send(String to, String data, BigInteger value) {
    return send(new TransactionRequest(Optional.ofNullable(to), data, value, Optional.empty()));
  }

  /** {@link #send(String, String, BigInteger)} without value. */
  default CompletableFuture<TransactionReceipt> send(String to, String data) {
    return send(to, data, BigInteger.ZERO);
  }

  /**
   * Runs {@code data} on {@code to} with {@code eth_call} from this account at the latest block.
   *
   * @return the returned data, 0x-hex; the future fails with a {@link ContractRevertException} on a revert
   */
  CompletableFuture<String> call(String to, String data);

  /** Stops the sender's workers; transactions already sent still get mined, but their futures may not complete. */
  @Override
  void close();
}
