package org.zennet.protocol.wire;

import java.math.BigInteger;

/**
 * The price rules both sides of a job follow (docs/protocol.md, "Price and rounding" and "Pace"): what a
 * channel owes is computed on its running total of fuel, {@code floor(totalFuel × pricePerMegaFuel / 10^6)}
 * XEN wei, so rounding loses at most one wei per channel; one payment increment is
 * {@code paymentIncrementMegaFuel × pricePerMegaFuel} wei.
 */
public final class Pricing {
  /** Fuel per mega-fuel. */
  public static final BigInteger MEGA = BigInteger.valueOf(1_000_000);

  private Pricing() {}

  /** What {@code totalFuel} of results is worth at {@code pricePerMegaFuel}, rounded down to the wei. */
  public static BigInteger owed(long totalFuel, BigInteger pricePerMegaFuel) {
    if (totalFuel < 0 || pricePerMegaFuel.signum() < 0) {
      throw new IllegalArgumentException("fuel and price must not be negative");
    }
    return BigInteger.valueOf(totalFuel).multiply(pricePerMegaFuel).divide(MEGA);
  }

  /** One payment increment, in wei. */
  public static BigInteger increment(long paymentIncrementMegaFuel, BigInteger pricePerMegaFuel) {
    return BigInteger.valueOf(paymentIncrementMegaFuel).multiply(pricePerMegaFuel);
  }
}
