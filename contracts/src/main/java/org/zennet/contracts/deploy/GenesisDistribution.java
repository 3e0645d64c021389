package org.zennet.contracts.deploy;

import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.WalletUtils;
import org.zennet.contracts.Xen;

/**
 * Who receives XenCoin's fixed supply when it is deployed. The total is the whole supply, for ever.
 *
 * @param allocations the holders and their amounts, in wei (10^-18 XEN)
 */
public record GenesisDistribution(List<Allocation> allocations) {
  /** The dev chain's supply: 100 million XEN. */
  public static final BigInteger DEV_SUPPLY = Xen.of(100_000_000);
  /** What each dev account other than the treasury receives on the dev chain. */
  public static final BigInteger DEV_ACCOUNT_AMOUNT = Xen.of(1_000_000);

  /** One genesis holder and its amount in wei. */
  public record Allocation(String holder, BigInteger amount) {
    public Allocation {
      if (holder == null || !holder.startsWith("0x") || !WalletUtils.isValidAddress(holder)) {
        throw new IllegalArgumentException("genesis holder is not a 0x-prefixed 20-byte hex address: " + holder);
      }
      if (amount == null || amount.signum() <= 0) {
        throw new IllegalArgumentException("genesis amount for " + holder + " must be positive, got " + amount);
      }
    }
  }

  public GenesisDistribution {
    if (allocations == null || allocations.isEmpty()) {
      throw new IllegalArgumentException("the genesis distribution needs at least one holder");
    }
    allocations = List.copyOf(allocations);
  }

  /**
   * The dev chain's distribution: each of {@code devAccounts} gets {@link #DEV_ACCOUNT_AMOUNT} and the
   * treasury the rest of {@link #DEV_SUPPLY}.
   */
  public static GenesisDistribution dev(String treasury, List<String> devAccounts) {
    BigInteger others = DEV_ACCOUNT_AMOUNT.multiply(BigInteger.valueOf(devAccounts.size()));
    if (others.compareTo(DEV_SUPPLY) >= 0) {
      throw new IllegalArgumentException("too many dev accounts for the dev supply: " + devAccounts.size());
    }
    List<Allocation> list = new java.util.ArrayList<>();
    list.add(new Allocation(treasury, DEV_SUPPLY.subtract(others)));
    devAccounts.forEach(a -> list.add(new Allocation(a, DEV_ACCOUNT_AMOUNT)));
    return new GenesisDistribution(list);
  }

  public BigInteger totalSupply() {
    return allocations.stream().map(Allocation::amount).reduce(BigInteger.ZERO, BigInteger::add);
  }

  public List<String> holders() {
    return allocations.stream().map(Allocation::holder).toList();
  }

  public List<BigInteger> amounts() {
    return allocations.stream().map(Allocation::amount).toList();
  }
}
