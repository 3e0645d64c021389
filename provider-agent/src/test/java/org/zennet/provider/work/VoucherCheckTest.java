package org.zennet.provider.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.protocol.wire.messages.VoucherRejectReason;

/** Every check of a received voucher, with real EIP-712 signatures and no chain. */
class VoucherCheckTest {
  private static final BigInteger CHANNEL = BigInteger.valueOf(12);
  private static final BigInteger DEPOSIT = BigInteger.valueOf(1_000);
  private final Vouchers vouchers = new Vouchers(new VoucherDomain(31337, "0x" + "cd".repeat(20)));
  private final Credentials publisher = key();
  private final Credentials stranger = key();

  private static Credentials key() {
    try {
      return Credentials.create(Keys.createEcKeyPair());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private SignedVoucher signed(Credentials by, BigInteger channel, long amount) {
    return vouchers.sign(new Voucher(channel, BigInteger.valueOf(amount)), by);
  }

  private VoucherCheck.Verdict check(SignedVoucher v, long committed) {
    return VoucherCheck.check(vouchers, v, CHANNEL, publisher.getAddress().toLowerCase(), DEPOSIT,
        BigInteger.valueOf(committed));
  }

  @Test
  void aHigherVoucherOfThePublisherIsCommitted() {
    assertThat(check(signed(publisher, CHANNEL, 300), 200).outcome()).isEqualTo(VoucherCheck.Outcome.COMMIT);
  }

  @Test
  void theSameAmountAgainIsAcknowledgedAgain() {
    assertThat(check(signed(publisher, CHANNEL, 200), 200).outcome()).isEqualTo(VoucherCheck.Outcome.ACK_AGAIN);
  }

  @Test
  void rejectsVoucherSignedByAnotherKey() {
    VoucherCheck.Verdict v = check(signed(stranger, CHANNEL, 300), 0);
    assertThat(v.reason()).isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_BAD_SIGNATURE);
    assertThat(v.detail()).contains("not by the channel's publisher");
  }

  @Test
  void rejectsATamperedAmountAndAGarbageSignature() {
    SignedVoucher good = signed(publisher, CHANNEL, 300);
    SignedVoucher tampered = new SignedVoucher(new Voucher(CHANNEL, BigInteger.valueOf(900)), good.signature());
    assertThat(check(tampered, 0).reason()).isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_BAD_SIGNATURE);
    byte[] garbage = new byte[65];
    garbage[64] = 99;
    assertThat(check(new SignedVoucher(new Voucher(CHANNEL, BigInteger.TEN), garbage), 0).reason())
        .isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_BAD_SIGNATURE);
  }

  @Test
  void rejectsALowerCumulativeAmount() {
    VoucherCheck.Verdict v = check(signed(publisher, CHANNEL, 150), 200);
    assertThat(v.reason()).isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_NOT_INCREASING);
  }

  @Test
  void rejectsAnAmountAboveTheDeposit() {
    assertThat(check(signed(publisher, CHANNEL, 1_001), 0).reason())
        .isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_EXCEEDS_DEPOSIT);
  }

  @Test
  void rejectsAVoucherOfAnotherChannel() {
    assertThat(check(signed(publisher, BigInteger.valueOf(13), 10), 0).reason())
        .isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_UNKNOWN_CHANNEL);
    assertThat(VoucherCheck.check(vouchers, signed(publisher, CHANNEL, 10), null, publisher.getAddress(), DEPOSIT,
        BigInteger.ZERO).reason()).as("no channel verified yet")
        .isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_UNKNOWN_CHANNEL);
  }
}
