package org.zennet.provider.work;

import io.vertx.core.Future;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.wire.MalformedMessageException;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.VoucherAck;
import org.zennet.protocol.wire.messages.VoucherReject;
import org.zennet.protocol.wire.messages.VoucherRejectReason;

/**
 * The provider's side of {@code /zennet/pay/1.0.0}: vouchers one at a time, in order, each checked
 * ({@link VoucherCheck}), a higher one committed to the store before the {@code VoucherAck} goes out; a bad one
 * answered with {@code VoucherReject} and the stream carries on. A voucher above the deposit last seen is checked
 * again after reading the deposit on chain (the publisher may have topped up).
 */
public final class PaymentService {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
  public static final String PROTOCOL = "/zennet/pay/1.0.0";

  private final WorkContext work;

  public PaymentService(WorkContext work) {
    this.work = work;
  }

  /** Serves one payment stream (on its context) until it ends. */
  public void serve(MessageStream<PayMessage, PayMessage> ms) {
    String publisher = ms.stream().remotePeerId().ethereumAddress().orElse("");
    next(ms, publisher);
  }

  private void next(MessageStream<PayMessage, PayMessage> ms, String publisher) {
    ms.next().onComplete(ar -> {
      if (ar.failed()) {
        ms.end();
        return;
      }
      handle(ms, publisher, ar.result())
          .onFailure(e -> LOG.warn("payment stream of {}: {}", publisher, e.getMessage()))
          .onComplete(x -> next(ms, publisher));
    });
  }

  private Future<Void> handle(MessageStream<PayMessage, PayMessage> ms, String publisher, PayMessage m) {
    if (!m.hasVoucher()) {
      return reject(ms, com.google.protobuf.ByteString.EMPTY, VoucherRejectReason.VOUCHER_REJECT_REASON_MALFORMED,
          BigInteger.ZERO, "expected a Voucher, got " + m.getBodyCase());
    }
    org.zennet.protocol.wire.messages.Voucher wire = m.getVoucher();
    SignedVoucher voucher;
    try {
      BigInteger channel = WireValues.uint256(wire.getChannelId(), "channel_id");
      BigInteger amount = WireValues.uint256(wire.getCumulativeAmount(), "cumulative_amount");
      if (wire.getSignature().size() != SignedVoucher.SIGNATURE_LENGTH) {
        throw new MalformedMessageException("signature must be 65 bytes, got " + wire.getSignature().size());
      }
      voucher = new SignedVoucher(new Voucher(channel, amount), wire.getSignature().toByteArray());
    } catch (MalformedMessageException e) {
      return reject(ms, wire.getChannelId(), VoucherRejectReason.VOUCHER_REJECT_REASON_MALFORMED, BigInteger.ZERO,
          e.getMessage());
    }
    Engagement job = work.byChannel(voucher.voucher().channelId(), publisher).orElse(null);
    if (job == null) {
      return reject(ms, wire.getChannelId(), VoucherRejectReason.VOUCHER_REJECT_REASON_UNKNOWN_CHANNEL,
          BigInteger.ZERO, "no job of this provider with " + publisher + " is paid by channel "
              + voucher.voucher().channelId());
    }
    return verdict(job, voucher, false).compose(verdict -> switch (verdict.outcome()) {
      case REJECT -> reject(ms, wire.getChannelId(), verdict.reason(), job.committed(), verdict.detail());
      case ACK_AGAIN -> ack(ms, wire.getChannelId(), job.committed());
      case COMMIT -> work.storeWork(() -> work.store().commitVoucher(job.jobId(), voucher))
          .compose(held -> {
            job.committed(voucher);
            work.metrics().voucher("accepted");
            work.voucherCommitted(job, voucher);
            return ack(ms, wire.getChannelId(), held);
          });
    });
  }

  private Future<VoucherCheck.Verdict> verdict(Engagement job, SignedVoucher voucher, boolean refreshed) {
    VoucherCheck.Verdict v = VoucherCheck.check(work.vouchers(), voucher, job.channelId(), job.publisher(),
        job.deposit(), job.committed());
    if (!refreshed && v.reason() == VoucherRejectReason.VOUCHER_REJECT_REASON_EXCEEDS_DEPOSIT) {
      return work.refreshDeposit(job).compose(d -> verdict(job, voucher, true));
    }
    return Future.succeededFuture(v);
  }

  private static Future<Void> ack(MessageStream<PayMessage, PayMessage> ms, com.google.protobuf.ByteString channel,
      BigInteger held) {
    return ms.write(PayMessage.newBuilder().setAck(VoucherAck.newBuilder().setChannelId(channel)
        .setCommittedAmount(WireValues.uint256(held))).build());
  }

  private Future<Void> reject(MessageStream<PayMessage, PayMessage> ms, com.google.protobuf.ByteString channel,
      VoucherRejectReason reason, BigInteger committed, String detail) {
    work.metrics().voucher("rejected");
    LOG.warn("refused a voucher on channel {}: {} {}", channel.size() == 32 ? new BigInteger(1, channel.toByteArray())
        : "?", reason, detail);
    return ms.write(PayMessage.newBuilder().setReject(VoucherReject.newBuilder().setChannelId(channel)
        .setReason(reason).setCommittedAmount(WireValues.uint256(committed)).setDetail(detail)).build());
  }
}
