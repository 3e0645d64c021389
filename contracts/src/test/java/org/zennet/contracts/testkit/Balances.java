package org.zennet.contracts.testkit;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Who held what at one moment, to the wei: token balances and free escrow of some accounts. Tests take one
 * before and one after a transaction and assert {@link #changesSince} exactly, which also proves that nothing
 * else moved.
 */
public record Balances(Map<Holding, BigInteger> amounts) {

  /** What kind of holding. */
  public enum Kind {
    /** A token balance ({@code balanceOf}). */
    TOKENS,
    /** Free escrow in PaymentChannels ({@code escrowOf}). */
    ESCROW
  }

  /**
   * One account's holding of one kind. Equal when kind and account are; the label only makes failures
   * readable ("tokens of provider").
   */
  public record Holding(Kind kind, String account, String label) {
    public Holding {
      Objects.requireNonNull(kind, "kind");
      account = account.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Holding h && h.kind == kind && h.account.equals(account);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, account);
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(Locale.ROOT) + " of " + label;
    }
  }

  public Balances {
    amounts = Map.copyOf(amounts);
  }

  /** The amount of {@code holding}; fails if this snapshot did not read it. */
  public BigInteger of(Holding holding) {
    BigInteger amount = amounts.get(holding);
    if (amount == null) {
      throw new IllegalArgumentException("no balance read for " + holding + "; read ones are " + amounts.keySet());
    }
    return amount;
  }

  /** Every holding that differs from {@code before}, with its change (negative: it decreased). */
  public Map<Holding, BigInteger> changesSince(Balances before) {
    Map<Holding, BigInteger> changes = new LinkedHashMap<>();
    amounts.forEach((holding, amount) -> {
      BigInteger change = amount.subtract(before.of(holding));
      if (change.signum() != 0) {
        changes.put(holding, change);
      }
    });
    return changes;
  }
}
