package org.zennet.provider.work;

import java.math.BigInteger;
import org.zennet.contracts.channel.InvalidVoucherException;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.protocol.wire.messages.VoucherRejectReason;

/**
 * The checks of one voucher received on {@code /zennet/pay/1.0.0} (docs/protocol.md, "Pace"), without side
 * effects: it must be for the job's channel, signed by the job's publisher (EIP-712, no malleable signature),
 * never lower than the best already committed, and within the channel's deposit. A voucher equal to the best is
 * acknowledged again (a resend), a higher one is to be committed before it is acknowledged.
 */
public final class VoucherCheck {
  /** What to do with a voucher. */
  public enum Outcome { COMMIT, ACK_AGAIN, REJECT }

  /** The verdict: for {@link Outcome#REJECT}, the reason sent back and a detail for the log. */
  public record Verdict(Outcome outcome, VoucherRejectReason reason, String detail) {
    static Verdict reject(VoucherRejectReason reason, String detail) {
      return new Verdict(Outcome.REJECT, reason, detail);
    }
  }

  private VoucherCheck() {}

  /**
   * @param channelId the job's channel (null while none is verified)
   * @param publisher the job's publisher, who must have signed
   * @param deposit the channel's deposit as last read on chain
   * @param committed the best amount committed so far
   */
  public static Verdict check(Vouchers vouchers, SignedVoucher voucher, BigInteger channelId, String publisher,
      BigInteger deposit, BigInteger committed) {
    BigInteger amount = voucher.voucher().cumulativeAmount();
    if (channelId == null || !channelId.equals(voucher.voucher().channelId())) {
      return Verdict.reject(VoucherRejectReason.VOUCHER_REJECT_REASON_UNKNOWN_CHANNEL, "channel "
          + voucher.voucher().channelId() + " is not the channel of a job with this publisher");
    }
    try {
      vouchers.verify(voucher, publisher);
    } catch (InvalidVoucherException e) {
      return Verdict.reject(VoucherRejectReason.VOUCHER_REJECT_REASON_BAD_SIGNATURE, e.getMessage());
    }
    int vsBest = amount.compareTo(committed);
    if (vsBest < 0) {
      return Verdict.reject(VoucherRejectReason.VOUCHER_REJECT_REASON_NOT_INCREASING, "the voucher is for " + amount
          + " wei, below the " + committed + " already committed");
    }
    if (amount.compareTo(deposit) > 0) {
      return Verdict.reject(VoucherRejectReason.VOUCHER_REJECT_REASON_EXCEEDS_DEPOSIT, "the voucher is for " + amount
          + " wei, above the channel's deposit of " + deposit);
    }
    return new Verdict(vsBest == 0 ? Outcome.ACK_AGAIN : Outcome.COMMIT, null, null);
  }
}
