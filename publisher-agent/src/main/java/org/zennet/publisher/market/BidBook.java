package org.zennet.publisher.market;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * Chooses the providers of a job. Bids that arrive during the bidding window wait; when it closes the best
 * are accepted up to the job's capacity — cheapest first, then the fewest bad results in the local
 * reputation store, then the fastest — and the rest refused. After the window a bid is accepted at once
 * while there is room. A provider that got an acceptance but never completed the agreement frees its place.
 * Thread-safe.
 */
public final class BidBook {
  /** A bid waiting for the choice. */
  public record Offer(String provider, BigInteger price, int slots, long fuelPerSecond) {}

  private record Waiting(Offer offer, CompletableFuture<Boolean> decision) {}

  private final int capacity;
  private final ToLongFunction<String> badResults;
  private final List<Waiting> waiting = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();
  private final Set<String> agreed = new HashSet<>();
  private boolean windowOpen = true;

  /**
   * @param capacity the most providers the job takes
   * @param badResults a provider's bad results in the reputation store
   */
  public BidBook(int capacity, ToLongFunction<String> badResults) {
    this.capacity = capacity;
    this.badResults = badResults;
  }

  /** Places a bid; the future says whether it is accepted (during the window, once the window closes). */
  public synchronized CompletableFuture<Boolean> offer(Offer offer) {
    CompletableFuture<Boolean> decision = new CompletableFuture<>();
    if (taken.contains(offer.provider())) {
      decision.complete(false);
    } else if (windowOpen) {
      waiting.removeIf(w -> w.offer().provider().equals(offer.provider()) && w.decision().complete(false));
      waiting.add(new Waiting(offer, decision));
    } else {
      decide(offer, decision);
    }
    return decision;
  }

  private void decide(Offer offer, CompletableFuture<Boolean> decision) {
    if (taken.size() < capacity) {
      taken.add(offer.provider());
      decision.complete(true);
    } else {
      decision.complete(false);
    }
  }

  /** Ends the bidding window: the best waiting bids are accepted, the others refused. */
  public synchronized void closeWindow() {
    if (!windowOpen) {
      return;
    }
    windowOpen = false;
    waiting.sort(Comparator.<Waiting, BigInteger>comparing(w -> w.offer().price())
        .thenComparingLong(w -> badResults.applyAsLong(w.offer().provider()))
        .thenComparing(Comparator.comparingLong((Waiting w) -> w.offer().fuelPerSecond()).reversed()));
    waiting.forEach(w -> decide(w.offer(), w.decision()));
    waiting.clear();
  }

  /** Whether bids are still being collected. */
  public synchronized boolean windowOpen() {
    return windowOpen;
  }

  /** An accepted provider did not complete its agreement: its place is free again. */
  public synchronized void withdrawn(String provider) {
    taken.remove(provider);
    agreed.remove(provider);
  }

  /** An accepted provider's agreement is signed and recorded. */
  public synchronized void agreementCompleted(String provider) {
    if (taken.contains(provider)) {
      agreed.add(provider);
    }
  }

  /** Providers accepted whose agreement is not complete yet (the first channel batch waits for them). */
  public synchronized int awaitingAgreements() {
    return taken.size() - agreed.size();
  }

  /** Marks {@code provider} as taken without a bid (an agreement restored after a restart). */
  public synchronized void restore(String provider) {
    taken.add(provider);
    agreed.add(provider);
  }

  /** Providers accepted so far. */
  public synchronized int accepted() {
    return taken.size();
  }
}
