package org.zennet.publisher.pay;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
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
 * payment that arrived while the previous one was being written, and a channel gets one voucher per group
 * (for its latest total).
 *
 * <p>Results that together use less than {@code batchFuel} may share a voucher (docs/protocol.md, "Pace"):
 * a result paid with {@code more = true} (others of the channel are still running) is committed but not
 * signed until the unsigned fuel reaches {@code batchFuel}; a result with {@code more = false}, or
 * {@link #resend}, signs what is owed.
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
    long fuelSigned;

    Ledger(PublisherStore.Channel c) {
      this.channelId = c.channelId();
      this.price = c.price();
      this.deposit = c.deposit();
      this.fuel = c.fuel();
      this.tasks = c.tasks();
      this.signed = c.signed();
      this.fuelSigned = c.fuel();
    }
  }

  /**
   * A voucher ready to send, and where the channel stands.
   *
   * @param voucher the signed cumulative voucher (at most the deposit), or null when the result waits for the
   *     channel's next voucher
   * @param owed what the results so far are worth; above {@code voucher}'s amount when the deposit is short
   * @param deposit the channel's deposit as known to the payer
   */
  public record Payment(SignedVoucher voucher, BigInteger owed, BigInteger deposit) {
    /** Whether this payment carries a voucher to send. */
    public boolean hasVoucher() {
      return voucher != null;
    }

    /** Whether the deposit does not cover what is owed. */
    public boolean depositShort() {
      return owed.compareTo(deposit) > 0;
    }
  }

  private record Pending(PublisherStore.Payment totals, boolean sign, BigInteger owed, BigInteger deposit,
      CompletableFuture<Payment> result) {}

  private final long batchFuel;

  /**
   * @param batchFuel results of a channel that together use less fuel than this may share one voucher (half
   *     the job's payment increment keeps the provider well within its pace); 0 signs after every result
   */
  public Payer(PublisherStore store, Function<Voucher, SignedVoucher> signer, long batchFuel) {
    if (batchFuel < 0) {
      throw new IllegalArgumentException("batchFuel must not be negative");
    }
    this.store = store;
    this.signer = signer;
    this.batchFuel = batchFuel;
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

  /** Whether results of {@code channelId} wait for a voucher (they were paid with {@code more = true}). */
  public boolean hasUnsigned(BigInteger channelId) {
    Ledger l = ledger(channelId);
    synchronized (l) {
      return l.fuel > l.fuelSigned;
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
   * with the voucher to send (none when {@code more} results of the channel are coming and the unsigned
   * fuel is still below the batch).
   */
  public CompletableFuture<Payment> pay(BigInteger channelId, long fuelUsed, boolean more) {
    return enqueue(channelId, fuelUsed, 1, more);
  }

  /** A voucher for what is owed now, without a new result (after a top-up, or when no result is coming). */
  public CompletableFuture<Payment> resend(BigInteger channelId) {
    return enqueue(channelId, 0, 0, false);
  }

  private CompletableFuture<Payment> enqueue(BigInteger channelId, long fuelUsed, int tasks, boolean more) {
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
      boolean sign = !more || l.fuel - l.fuelSigned >= batchFuel;
      if (sign) {
        l.signed = l.signed.max(owed.min(l.deposit));
        l.fuelSigned = l.fuel;
      }
      // queued under the ledger's lock: a channel's payments reach the writer in the order of their totals
      queue.add(new Pending(new PublisherStore.Payment(channelId, l.fuel, l.signed, l.tasks), sign, owed, l.deposit,
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
        Map<BigInteger, SignedVoucher> signed = new HashMap<>();
        for (Pending p : group) {
          SignedVoucher v = !p.sign() ? null : signed.computeIfAbsent(p.totals().channelId(),
              channel -> signer.apply(new Voucher(channel, latest.get(channel).signed())));
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
