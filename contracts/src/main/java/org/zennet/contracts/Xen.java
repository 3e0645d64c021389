package org.zennet.contracts;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Amounts of XenCoin: 18 decimals, handled in wei ({@link BigInteger}) everywhere but at the edges. */
public final class Xen {
  public static final int DECIMALS = 18;
  public static final BigInteger WEI_PER_XEN = BigInteger.TEN.pow(DECIMALS);

  private Xen() {}

  /** {@code whole} XEN in wei. */
  public static BigInteger of(long whole) {
    return BigInteger.valueOf(whole).multiply(WEI_PER_XEN);
  }

  /** Formats wei as XEN with up to 18 decimals and no trailing zeros ({@code 1.5}). */
  public static String format(BigInteger wei) {
    return new BigDecimal(wei, DECIMALS).stripTrailingZeros().toPlainString();
  }

  /**
   * Parses an amount of XEN ({@code 12}, {@code 0.25}) into wei.
   *
   * @throws IllegalArgumentException if it is not a non-negative number with at most 18 decimals
   */
  public static BigInteger parse(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an amount of XEN: '" + text + "'");
    }
    if (value.signum() < 0) {
      throw new IllegalArgumentException("an amount of XEN cannot be negative: " + text);
    }
    if (value.scale() > DECIMALS && value.stripTrailingZeros().scale() > DECIMALS) {
      throw new IllegalArgumentException("XEN has 18 decimals; '" + text + "' has more");
    }
    if (value.precision() - value.scale() > 60) {
      throw new IllegalArgumentException("amount of XEN too large: " + text);
    }
    return value.movePointRight(DECIMALS).toBigIntegerExact();
  }
}
