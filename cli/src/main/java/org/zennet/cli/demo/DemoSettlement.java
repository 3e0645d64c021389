package org.zennet.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.protocol.wire.Pricing;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.JobReport.ProviderShare;

/**
 * The books of a finished job, read back from the chain: per provider what it was promised, what it redeemed
 * and what its balance gained, with its transactions and gas; the publisher's deposit, spend and refund; the
 * watcher's transactions. Every figure is checked to the wei: each provider's pay is its price × its fuel by the
 * rounding rule, what it redeemed on chain is what it was promised, and the publisher lost exactly what the
 * providers gained.
 */
public final class DemoSettlement {
  private static final int TIMEOUT_SECONDS = 30;

  /** Balances at one moment: XEN per account, the publisher's free escrow and the chain's head. */
  public record Snapshot(long block, Map<String, BigInteger> xen, BigInteger publisherEscrow) {}

  /** An account's chain transactions in a range of blocks. */
  record Activity(int transactions, long gas) {}

  /** What the blocks of the job hold: each sender's transactions, and what each channel closed paid in all. */
  record Scan(Map<String, Activity> activity, Map<BigInteger, BigInteger> closedPaid) {}

  /** One row of the books. */
  public record ProviderBooks(String name, String account, long tasks, long fuel, BigInteger price, BigInteger earned,
      BigInteger redeemed, BigInteger balanceChange, String channelState, int transactions, long gas) {}

  /** The books and what did not add up (empty when everything did). */
  public record Books(List<ProviderBooks> providers, BigInteger deposited, BigInteger spent, BigInteger refund,
      int publisherTransactions, long publisherGas, int watcherTransactions, long watcherGas, List<String> problems) {
    public boolean balanced() {
      return problems.isEmpty();
    }
  }

  private final ZennetContracts chain;
  private final String publisher;
  private final String watcher;
  private final Map<String, String> providerNames;

  /**
   * @param providerNames the providers' accounts (any case) to their names, in the order to print them
   * @param watcher the watcher's account, or null
   */
  public DemoSettlement(ZennetContracts chain, String publisher, Map<String, String> providerNames, String watcher) {
    this.chain = chain;
    this.publisher = lower(publisher);
    this.watcher = watcher == null ? null : lower(watcher);
    this.providerNames = new LinkedHashMap<>();
    providerNames.forEach((account, name) -> this.providerNames.put(lower(account), name));
  }

  /** The balances now. */
  public Snapshot snapshot() throws Exception {
    Map<String, BigInteger> xen = new HashMap<>();
    List<String> accounts = new ArrayList<>(providerNames.keySet());
    accounts.add(publisher);
    if (watcher != null) {
      accounts.add(watcher);
    }
    for (String account : accounts) {
      xen.put(account, chain.xen().balanceOf(account).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    BigInteger escrow = chain.channels().escrowOf(publisher).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long block = chain.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    return new Snapshot(block, Map.copyOf(xen), escrow);
  }

  /** The books of {@code report}'s job between two snapshots, checked. */
  public Books books(JobReport report, Snapshot before, Snapshot after) throws Exception {
    Scan scan = scan(before.block() + 1, after.block());
    Map<String, Activity> activity = scan.activity();
    List<String> problems = new ArrayList<>();
    List<ProviderBooks> rows = new ArrayList<>();
    BigInteger redeemedInAll = BigInteger.ZERO;
    BigInteger promisedInAll = BigInteger.ZERO;
    Map<String, BigInteger> redeemedBy = new HashMap<>();
    Map<String, List<ProviderShare>> shares = new LinkedHashMap<>();
    for (ProviderShare share : report.providers()) {
      shares.computeIfAbsent(lower(share.provider()), k -> new ArrayList<>()).add(share);
    }
    for (Map.Entry<String, List<ProviderShare>> e : shares.entrySet()) {
      String account = e.getKey();
      String name = providerNames.getOrDefault(account, account.substring(0, 10));
      long tasks = 0;
      long fuel = 0;
      BigInteger earned = BigInteger.ZERO;
      BigInteger redeemed = BigInteger.ZERO;
      BigInteger price = null;
      List<String> states = new ArrayList<>();
      for (ProviderShare share : e.getValue()) {
        tasks += share.tasksPaid();
        fuel += share.fuel();
        earned = earned.add(share.paidWei());
        price = share.pricePerMegaFuel();
        BigInteger rule = Pricing.owed(share.fuel(), share.pricePerMegaFuel());
        if (!rule.equals(share.paidWei())) {
          problems.add(name + ": promised " + share.paidWei() + " wei, but floor(" + share.fuel() + " fuel × "
              + share.pricePerMegaFuel() + " / 10^6) is " + rule);
        }
        if (share.channelId() == null) {
          continue;
        }
        ChannelInfo info = chain.channels().channelInfo(share.channelId()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        states.add(info.state().name().toLowerCase(Locale.ROOT));
        // a closed channel's record is cleared on chain; what it paid is in its ChannelClosed event
        BigInteger paid = info.state() == ChannelInfo.State.CLOSED
            ? scan.closedPaid().getOrDefault(share.channelId(), BigInteger.ZERO) : info.paid();
        redeemed = redeemed.add(paid);
        if (!paid.equals(share.paidWei())) {
          problems.add(name + ": channel " + share.channelId() + " paid out " + paid + " wei on chain, "
              + "but its vouchers promised " + share.paidWei());
        }
        if (info.state() != ChannelInfo.State.CLOSED) {
          problems.add(name + ": channel " + share.channelId() + " is " + info.state() + ", not closed");
        }
      }
      BigInteger change = after.xen().getOrDefault(account, BigInteger.ZERO)
          .subtract(before.xen().getOrDefault(account, BigInteger.ZERO));
      if (providerNames.containsKey(account) && !change.equals(redeemed)) {
        problems.add(name + ": its XEN balance changed by " + change + " wei, but it redeemed " + redeemed);
      }
      redeemedBy.put(account, redeemed);
      redeemedInAll = redeemedInAll.add(redeemed);
      promisedInAll = promisedInAll.add(earned);
      Activity a = activity.getOrDefault(account, new Activity(0, 0));
      rows.add(new ProviderBooks(name, account, tasks, fuel, price, earned, redeemed, change,
          String.join(",", states), a.transactions(), a.gas()));
    }
    if (!promisedInAll.equals(report.spentWei())) {
      problems.add("the publisher's report says it spent " + report.spentWei() + " wei; its shares add up to "
          + promisedInAll);
    }
    BigInteger deposited = before.xen().get(publisher).subtract(after.xen().get(publisher));
    BigInteger refund = after.publisherEscrow().subtract(before.publisherEscrow());
    BigInteger spent = deposited.subtract(refund);
    if (!spent.equals(redeemedInAll)) {
      problems.add("the publisher's XEN and escrow fell by " + spent + " wei, but the providers redeemed "
          + redeemedInAll);
    }
    Activity p = activity.getOrDefault(publisher, new Activity(0, 0));
    Activity w = watcher == null ? new Activity(0, 0) : activity.getOrDefault(watcher, new Activity(0, 0));
    return new Books(rows, deposited, spent, refund, p.transactions(), p.gas(), w.transactions(), w.gas(),
        List.copyOf(problems));
  }

  /** Prints the books as a table, then the checks. */
  public static void print(PrintWriter out, Books books) {
    out.printf("%-12s %-12s %6s %16s %12s %14s %14s %14s %-8s %4s %9s%n", "provider", "account", "tasks", "fuel",
        "XEN/Mfuel", "earned XEN", "redeemed XEN", "balance +XEN", "channel", "txs", "gas");
    for (ProviderBooks r : books.providers()) {
      out.printf("%-12s %-12s %6d %16s %12s %14s %14s %14s %-8s %4d %,9d%n", r.name(), r.account().substring(0, 12),
          r.tasks(), String.format("%,d", r.fuel()), r.price() == null ? "-" : Xen.format(r.price()),
          Xen.format(r.earned()), Xen.format(r.redeemed()), Xen.format(r.balanceChange()), r.channelState(),
          r.transactions(), r.gas());
    }
    out.printf("publisher: deposited %s XEN into escrow, spent %s XEN, %s XEN back in its escrow "
        + "('zennet jobs withdraw' takes it out); %d transactions, %,d gas%n", Xen.format(books.deposited()),
        Xen.format(books.spent()), Xen.format(books.refund()), books.publisherTransactions(), books.publisherGas());
    out.printf("watcher: %d transactions, %,d gas (it redeems only when a publisher closes a channel its provider "
        + "does not)%n", books.watcherTransactions(), books.watcherGas());
    if (books.balanced()) {
      out.println("checked to the wei: each provider was promised floor(fuel × price / 10^6), redeemed exactly that "
          + "on chain and its balance grew by it; the publisher spent exactly what the providers redeemed");
    } else {
      out.println("THE BOOKS DO NOT BALANCE:");
      books.problems().forEach(p -> out.println("  " + p));
    }
  }

  /** Transactions and gas per sender, and the channels closed, in blocks {@code from..to}. */
  private Scan scan(long from, long to) throws IOException {
    Web3j web3j = chain.chain().web3j();
    Map<String, Activity> out = new HashMap<>();
    Map<BigInteger, BigInteger> closedPaid = new HashMap<>();
    String channels = lower(chain.channels().address());
    for (long n = from; n <= to; n++) {
      EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), true)
          .send().getBlock();
      if (block == null) {
        continue;
      }
      for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
        Transaction tx = (Transaction) result.get();
        String from0 = lower(tx.getFrom());
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt()
            .orElseThrow(() -> new IOException("no receipt for " + tx.getHash()));
        out.merge(from0, new Activity(1, receipt.getGasUsed().longValueExact()),
            (a, b) -> new Activity(a.transactions() + b.transactions(), a.gas() + b.gas()));
        for (PaymentChannels.ChannelClosedEventResponse closed : PaymentChannels.getChannelClosedEvents(receipt)) {
          if (channels.equals(lower(closed.log.getAddress()))) {
            closedPaid.put(closed.channelId, closed.paidTotal);
          }
        }
      }
    }
    return new Scan(out, closedPaid);
  }

  private static String lower(String account) {
    return account.toLowerCase(Locale.ROOT);
  }
}
