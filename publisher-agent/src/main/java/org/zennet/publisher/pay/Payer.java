package org.zennet.publisher.pay;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.protocol.wire.Pricing;
import org.zennet.publisher.store.PublisherStore;

/**
 * Pays channels for results: the running total of fuel per channel, priced at the agreed rate with the
 * rounding rule of docs/protocol.md ({@code owed = floor(totalFuel × price / 10^6)}), signed as a
 * cumulative voucher — but only once the new totals are committed to the store, so that a restart never
 * signs a lower amount nor pays a result twice. Commits are grouped: one database transaction carries every
 * payment that arrived while the previous one was being written.
 */
public final class Payer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Payer.class);
  private static final int MAX_GROUP = 2048;

  private final PublisherStore store;
  private final Function<Voucher, SignedVoucher> signer;
  private final Map<BigInteger, Ledger> ledgers = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  /** One channel's totals. */
  private static final class Ledger {
    final BigInteger channelId;
    final BigInteger price;
    BigInteger deposit;
    long fuel;
    long tasks;
    BigInteger signed;

    Ledger(PublisherStore.Channel c) {
      this.channelId = c.channelId();
      this.price = c.price();
      this.deposit = c.deposit();
      this.fuel = c.fuel();
      this.tasks = c.tasks();
      this.signed = c.signed();
    }
  }

  /**
   * A voucher ready to send, and where the channel stands.
   *
   * @param voucher the signed cumulative voucher (at most the deposit)
   * @param owed what the results so far are worth; above {@code voucher}'s amount when the deposit is short
   * @param deposit the channel's deposit as known to the payer
   */
  public record Payment(SignedVoucher voucher, BigInteger owed, BigInteger deposit) {
    /** Whether the deposit does not cover what is owed. */
    public boolean depositShort() {
      return owed.compareTo(deposit) > 0;
    }
  }

  private record Pending(Ledger ledger, PublisherStore.Payment totals, BigInteger owed, BigInteger deposit,
      CompletableFuture<Payment> result) {}

  public Payer(PublisherStore store, Function<Voucher, SignedVoucher> signer) {
    this.store = store;
    this.signer = signer;
    this.writer = Thread.ofPlatform().daemon().name("publisher-payer").start(this::writeLoop);
  }

  /** Starts paying {@code channel} from the totals the store holds for it. */
  public void open(PublisherStore.Channel channel) {
    if (channel.channelId() == null) {
      throw new IllegalArgumentException("the agreement of " + channel.provider() + " has no channel yet");
    }
    ledgers.putIfAbsent(channel.channelId(), new Ledger(channel));
  }

  /** Records that the channel's deposit is now {@code deposit} (after a top-up). */
  public void depositRaised(BigInteger channelId, BigInteger deposit) {
    Ledger l = ledger(channelId);
    synchronized (l) {
      if (deposit.compareTo(l.deposit) > 0) {
        l.deposit = deposit;
      }
    }
  }

  /** The amount signed so far on {@code channelId}. */
  public BigInteger signed(BigInteger channelId) {
    Ledger l = ledger(channelId);
    synchronized (l) {
      return l.signed;
    }
  }

  /** The fuel paid for so far on {@code channelId}. */
  public long fuel(BigInteger channelId) {
    Ledger l = ledger(channelId);
    synchronized (l) {
      return l.fuel;
    }
  }

  /** What the channel's results are worth so far. */
  public BigInteger owed(BigInteger channelId) {
    Ledger l = ledger(channelId);
    synchronized (l) {
      return Pricing.owed(l.fuel, l.price);
    }
  }

  private Ledger ledger(BigInteger channelId) {
    Ledger l = ledgers.get(channelId);
    if (l == null) {
      throw new IllegalArgumentException("channel " + channelId + " is not one the payer pays");
    }
    return l;
  }

  /**
   * Pays one more result of {@code fuelUsed} on {@code channelId}; completes once the new total is durable,
   * with the voucher to send.
   */
  public CompletableFuture<Payment> pay(BigInteger channelId, long fuelUsed) {
    return enqueue(channelId, fuelUsed, 1);
  }

  /** A voucher for what is owed now, without a new result (after a top-up covers what was short). */
  public CompletableFuture<Payment> resend(BigInteger channelId) {
    return enqueue(channelId, 0, 0);
  }

  private CompletableFuture<Payment> enqueue(BigInteger channelId, long fuelUsed, int tasks) {
    if (fuelUsed < 0) {
      throw new IllegalArgumentException("fuel must not be negative");
    }
    Ledger l = ledger(channelId);
    CompletableFuture<Payment> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("the payer is closed"));
      return result;
    }
    synchronized (l) {
      l.fuel = Math.addExact(l.fuel, fuelUsed);
      l.tasks += tasks;
      BigInteger owed = Pricing.owed(l.fuel, l.price);
      BigInteger amount = owed.min(l.deposit);
      if (amount.compareTo(l.signed) > 0) {
        l.signed = amount;
      }
      // queued under the ledger's lock: a channel's payments reach the writer in the order of their totals
      queue.add(new Pending(l, new PublisherStore.Payment(channelId, l.fuel, l.signed, l.tasks), owed, l.deposit,
          result));
    }
    return result;
  }

  private void writeLoop() {
    List<Pending> group = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        Map<BigInteger, PublisherStore.Payment> latest = new LinkedHashMap<>();
        for (Pending p : group) {
          latest.merge(p.totals().channelId(), p.totals(), (a, b) -> b.fuel() >= a.fuel() ? b : a);
        }
        store.commitPayments(List.copyOf(latest.values()));
        for (Pending p : group) {
          SignedVoucher v = signer.apply(new Voucher(p.totals().channelId(), p.totals().signed()));
          p.result().complete(new Payment(v, p.owed(), p.deposit()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("committing {} payments failed; no voucher leaves for them: {}", group.size(), e.getMessage());
        group.forEach(p -> p.result().completeExceptionally(e));
      } finally {
        group.clear();
      }
    }
  }

  /** @return the ledger of {@code channelId} as committed totals, if the payer knows the channel */
  public Optional<PublisherStore.Payment> totals(BigInteger channelId) {
    Ledger l = ledgers.get(channelId);
    if (l == null) {
      return Optional.empty();
    }
    synchronized (l) {
      return Optional.of(new PublisherStore.Payment(channelId, l.fuel, l.signed, l.tasks));
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
