package org.zennet.contracts.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zennet.contracts.Xen;

class GenesisDistributionTest {
  private static final String TREASURY = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  private static final String DEV = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  @Test
  void devDistributionGivesTheTreasuryTheRestOfTheSupply() {
    GenesisDistribution dev = GenesisDistribution.dev(TREASURY, List.of(DEV));
    assertThat(dev.totalSupply()).isEqualTo(GenesisDistribution.DEV_SUPPLY);
    assertThat(dev.holders()).containsExactly(TREASURY, DEV);
    assertThat(dev.amounts()).containsExactly(Xen.of(99_000_000), Xen.of(1_000_000));
  }

  @Test
  void rejectsBadHoldersAndAmounts() {
    assertThatThrownBy(() -> new GenesisDistribution(List.of())).hasMessageContaining("at least one holder");
    assertThatThrownBy(() -> new GenesisDistribution.Allocation("0x12", BigInteger.ONE)).hasMessageContaining("0x-prefixed");
    assertThatThrownBy(() -> new GenesisDistribution.Allocation(DEV, BigInteger.ZERO)).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new GenesisDistribution.Allocation(DEV, BigInteger.valueOf(-1))).hasMessageContaining("must be positive");
  }
}
