package org.zennet.contracts.channel;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.chain.ContractCalls;
import org.zennet.contracts.chain.TransactionSender;

/**
 * {@code PaymentChannels} from Java, as one account: escrow, channels, vouchers. Transactions complete
 * with their receipt once mined and fail with the contract's typed errors
 * ({@code PaymentChannelsNothingToRedeemException}, ...) as the {@link TransactionSender} decodes them.
 */
public final class PaymentChannelsClient {
  private final ContractCalls calls;

  public PaymentChannelsClient(TransactionSender sender, String address) {
    this.calls = new ContractCalls(sender, address);
  }

  /** The contract's address. */
  public String address() {
    return calls.address();
  }

  /** Moves {@code amount} wei of XEN from this account (approved beforehand) into its free escrow. */
  public CompletableFuture<TransactionReceipt> deposit(BigInteger amount) {
    return calls.send("deposit", new Uint256(amount));
  }

  /** Moves {@code amount} wei of XEN from this account into {@code account}'s free escrow. */
  public CompletableFuture<TransactionReceipt> depositFor(String account, BigInteger amount) {
    return calls.send("depositFor", new Address(account), new Uint256(amount));
  }

  /** Takes {@code amount} wei out of this account's free escrow. */
  public CompletableFuture<TransactionReceipt> withdraw(BigInteger amount) {
    return calls.send("withdraw", new Uint256(amount));
  }

  /** The channels one {@code openChannels} transaction opened, in the order of its providers, and its receipt. */
  public record Opened(List<ChannelEvent.Opened> channels, TransactionReceipt receipt) {}

  /**
   * Opens one channel per provider, {@code amounts.get(i)} locked for {@code providers.get(i)}, from this
   * account's free escrow, in one transaction.
   */
  public CompletableFuture<Opened> openChannels(BigInteger jobId, List<String> providers, List<BigInteger> amounts) {
    if (providers.size() != amounts.size()) {
      throw new IllegalArgumentException(providers.size() + " providers but " + amounts.size() + " amounts");
    }
    return calls.send("openChannels", new Uint256(jobId),
            new DynamicArray<>(Address.class, providers.stream().map(Address::new).toList()),
            new DynamicArray<>(Uint256.class, amounts.stream().map(Uint256::new).toList()))
        .thenApply(receipt -> {
          List<ChannelEvent.Opened> opened = new ArrayList<>();
          receipt.getLogs().forEach(log -> ChannelEvent.decode(log)
              .filter(ChannelEvent.Opened.class::isInstance).map(ChannelEvent.Opened.class::cast)
              .ifPresent(opened::add));
          if (opened.size() != providers.size()) {
            throw new IllegalStateException("openChannels mined with " + opened.size() + " ChannelOpened events for "
                + providers.size() + " providers");
          }
          return new Opened(List.copyOf(opened), receipt);
        });
  }

  /** Adds {@code amount} wei from this account's free escrow to channel {@code channelId}. */
  public CompletableFuture<TransactionReceipt> topUp(BigInteger channelId, BigInteger amount) {
    return calls.send("topUp", new Uint256(channelId), new Uint256(amount));
  }

  /** Redeems {@code voucher}: its channel's provider gets {@code min(cumulative, deposit) - paid}. Anyone may send it. */
  public CompletableFuture<TransactionReceipt> redeem(SignedVoucher voucher) {
    return calls.send("redeem", new Uint256(voucher.voucher().channelId()),
        new Uint256(voucher.voucher().cumulativeAmount()), new DynamicBytes(voucher.signature()));
  }

  /** Redeems several vouchers (of any channels) in one transaction. */
  public CompletableFuture<TransactionReceipt> redeemMany(List<SignedVoucher> vouchers) {
    return calls.send("redeemMany",
        new DynamicArray<>(Uint256.class, vouchers.stream().map(v -> new Uint256(v.voucher().channelId())).toList()),
        new DynamicArray<>(Uint256.class, vouchers.stream().map(v -> new Uint256(v.voucher().cumulativeAmount())).toList()),
        new DynamicArray<>(DynamicBytes.class, vouchers.stream().map(v -> new DynamicBytes(v.signature())).toList()));
  }

  /** As the channel's provider: redeems {@code voucher} and closes the channel, the rest back to the publisher. */
  public CompletableFuture<TransactionReceipt> closeByProvider(SignedVoucher voucher) {
    return calls.send("closeByProvider", new Uint256(voucher.voucher().channelId()),
        new Uint256(voucher.voucher().cumulativeAmount()), new DynamicBytes(voucher.signature()));
  }

  /** As the channel's publisher: starts the challenge period of channel {@code channelId}. */
  public CompletableFuture<TransactionReceipt> startClose(BigInteger channelId) {
    return calls.send("startClose", new Uint256(channelId));
  }

  /** Closes channel {@code channelId} after its challenge period; anyone may. */
  public CompletableFuture<TransactionReceipt> settle(BigInteger channelId) {
    return calls.send("settle", new Uint256(channelId));
  }

  /** What the contract holds of channel {@code channelId}. */
  public CompletableFuture<ChannelInfo> channelInfo(BigInteger channelId) {
    return calls.view("channelInfo", List.of(new Uint256(channelId)), List.of(
            new TypeReference<Address>() {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {},
            new TypeReference<Uint256>() {}, new TypeReference<Uint64>() {}))
        .thenApply(v -> new ChannelInfo(channelId, (String) v.get(0), (String) v.get(1), (BigInteger) v.get(2),
            (BigInteger) v.get(3), ((BigInteger) v.get(4)).longValueExact()));
  }

  /** {@code account}'s free escrow, in wei. */
  public CompletableFuture<BigInteger> escrowOf(String account) {
    return calls.uintView("escrowOf", new Address(account));
  }

  /** How long vouchers stay redeemable after {@code startClose}. */
  public CompletableFuture<Duration> challengePeriod() {
    return calls.view("challengePeriod", List.of(), List.of(new TypeReference<Uint64>() {}))
        .thenApply(v -> Duration.ofSeconds(((BigInteger) v.get(0)).longValueExact()));
  }

  /** The most channels one {@code openChannels} opens. */
  public CompletableFuture<Integer> maxChannelsPerBatch() {
    return calls.uintView("MAX_CHANNELS_PER_BATCH").thenApply(BigInteger::intValueExact);
  }
}
