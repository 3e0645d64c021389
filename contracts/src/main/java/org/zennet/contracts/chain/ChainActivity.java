package org.zennet.contracts.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.channel.ChannelEvent;

/**
 * What happened on chain over a range of blocks, read back from the node: the transactions and gas of every
 * sender, and every payment channel's deposit, redemptions and close. The demo's settlement and the tests
 * that assert the money use it, so their figures come from the chain and not from an agent's own account.
 * Meant for dev chains (it reads every block and receipt of the range).
 */
public final class ChainActivity {
  /** The transactions one account sent and the gas they used. */
  public record Sender(long transactions, BigInteger gasUsed) {
    Sender add(BigInteger gas) {
      return new Sender(transactions + 1, gasUsed.add(gas));
    }
  }

  /** One channel over the range: who, how much was deposited, paid to the provider, returned at the close. */
  public record Channel(BigInteger channelId, String publisher, String provider, BigInteger deposited,
      BigInteger redeemed, boolean closed, BigInteger returned) {}

  private final Map<String, Sender> senders = new HashMap<>();
  private final Map<BigInteger, Channel> channels = new HashMap<>();

  private ChainActivity() {}

  /**
   * Reads blocks {@code from}..{@code to} (inclusive) and the logs of {@code paymentChannels} in them.
   *
   * @throws IOException when the node cannot be read
   */
  public static ChainActivity read(Web3j web3j, String paymentChannels, long from, long to) throws IOException {
    ChainActivity a = new ChainActivity();
    for (long n = from; n <= to; n++) {
      EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), false)
          .send().getBlock();
      if (block == null) {
        throw new IOException("the node has no block " + n);
      }
      for (EthBlock.TransactionResult<?> t : block.getTransactions()) {
        String hash = (String) t.get();
        Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        if (receipt.isEmpty()) {
          throw new IOException("the node has no receipt for " + hash + " in block " + n);
        }
        a.senders.merge(lower(receipt.get().getFrom()), new Sender(1, receipt.get().getGasUsed()),
            (x, y) -> x.add(y.gasUsed()));
      }
    }
    var filter = new org.web3j.protocol.core.methods.request.EthFilter(
        DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
        paymentChannels);
    EthLog logs = web3j.ethGetLogs(filter).send();
    if (logs.hasError()) {
      throw new IOException("eth_getLogs failed: " + logs.getError().getMessage());
    }
    for (EthLog.LogResult<?> r : logs.getLogs()) {
      ChannelEvent.decode((Log) r.get()).ifPresent(a::apply);
    }
    return a;
  }

  private void apply(ChannelEvent event) {
    switch (event) {
      case ChannelEvent.Opened o -> channels.put(o.channelId(), new Channel(o.channelId(), o.publisher(), o.provider(),
          o.amount(), BigInteger.ZERO, false, BigInteger.ZERO));
      case ChannelEvent.ToppedUp t -> channels.computeIfPresent(t.channelId(), (id, c) -> new Channel(id, c.publisher(),
          c.provider(), c.deposited().add(t.amount()), c.redeemed(), c.closed(), c.returned()));
      case ChannelEvent.Redeemed r -> channels.computeIfPresent(r.channelId(), (id, c) -> new Channel(id, c.publisher(),
          c.provider(), c.deposited(), c.redeemed().add(r.paid()), c.closed(), c.returned()));
      case ChannelEvent.Closed x -> channels.computeIfPresent(x.channelId(), (id, c) -> new Channel(id, c.publisher(),
          c.provider(), c.deposited(), c.redeemed(), true, x.returned()));
      case ChannelEvent.CloseStarted s -> { }
    }
  }

  /** What {@code account} sent (nothing: zero transactions). */
  public Sender sender(String account) {
    return senders.getOrDefault(lower(account), new Sender(0, BigInteger.ZERO));
  }

  /** The channels opened in the range, by id. */
  public Map<BigInteger, Channel> channels() {
    return Map.copyOf(channels);
  }

  /** What the channels of {@code provider} paid it in the range. */
  public BigInteger redeemedBy(String provider) {
    return channels.values().stream().filter(c -> c.provider().equalsIgnoreCase(provider)).map(Channel::redeemed)
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  private static String lower(String address) {
    return address == null ? "" : address.toLowerCase(Locale.ROOT);
  }
}
