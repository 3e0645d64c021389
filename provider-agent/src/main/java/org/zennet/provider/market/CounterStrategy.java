package org.zennet.provider.market;

import java.math.BigInteger;
import java.util.Optional;

/**
 * How the provider prices a job: its first bid and its answer to a publisher's counter-offer. Pluggable; the
 * default ({@link #floor()}) bids the job's posted maximum and accepts any counter-offer at or above the floor.
 * An answer below the floor is never sent, whatever a strategy returns: the negotiator checks it.
 */
public interface CounterStrategy {

  /**
   * The first bid for a job that posts {@code maxPricePerMegaFuel}, or empty to skip the job.
   *
   * @param floor the provider's floor, XEN wei per million fuel
   */
  Optional<BigInteger> firstBid(BigInteger maxPricePerMegaFuel, BigInteger floor);

  /**
   * The answer to a counter-offer at {@code offered}: the price of the next bid (the offer itself to agree),
   * or empty to reject.
   *
   * @param lastBid the provider's previous bid
   * @param round the counter-offer's round, from 1
   */
  Optional<BigInteger> answer(BigInteger offered, BigInteger lastBid, BigInteger floor, int round);

  /** Bid the job's maximum when the floor allows it; accept any counter-offer at or above the floor. */
  static CounterStrategy floor() {
    return new CounterStrategy() {
      @Override
      public Optional<BigInteger> firstBid(BigInteger maxPricePerMegaFuel, BigInteger floor) {
        return maxPricePerMegaFuel.compareTo(floor) >= 0 ? Optional.of(maxPricePerMegaFuel) : Optional.empty();
      }

      @Override
      public Optional<BigInteger> answer(BigInteger offered, BigInteger lastBid, BigInteger floor, int round) {
        return offered.compareTo(floor) >= 0 ? Optional.of(offered) : Optional.empty();
      }
    };
  }
}
