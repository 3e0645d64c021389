package org.zennet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class XenTest {
  @Test
  void parsesWholeAndFractionalAmountsToWei() {
    assertThat(Xen.parse("12")).isEqualTo(Xen.of(12));
    assertThat(Xen.parse("0.25")).isEqualTo(new BigInteger("250000000000000000"));
    assertThat(Xen.parse("0.000000000000000001")).isEqualTo(BigInteger.ONE);
    assertThat(Xen.parse(" 1.50 ")).isEqualTo(new BigInteger("1500000000000000000"));
    assertThat(Xen.parse("0")).isZero();
  }

  @Test
  void formatsWeiWithoutTrailingZeros() {
    assertThat(Xen.format(Xen.of(100_000_000))).isEqualTo("100000000");
    assertThat(Xen.format(new BigInteger("1500000000000000000"))).isEqualTo("1.5");
    assertThat(Xen.format(BigInteger.ONE)).isEqualTo("0.000000000000000001");
    assertThat(Xen.format(BigInteger.ZERO)).isEqualTo("0");
  }

  @Test
  void rejectsWhatIsNotAnAmount() {
    assertThatThrownBy(() -> Xen.parse("-1")).hasMessageContaining("negative");
    assertThatThrownBy(() -> Xen.parse("0.0000000000000000001")).hasMessageContaining("18 decimals");
    assertThatThrownBy(() -> Xen.parse("12 XEN")).hasMessageContaining("not an amount");
    assertThatThrownBy(() -> Xen.parse("")).hasMessageContaining("not an amount");
    assertThatThrownBy(() -> Xen.parse("1e999999")).hasMessageContaining("too large");
  }

  @Test
  void acceptsTrailingZerosBeyondEighteenDecimals() {
    assertThat(Xen.parse("1.0000000000000000000000")).isEqualTo(Xen.of(1));
  }
}
