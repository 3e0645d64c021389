package org.zennet.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zennet.protocol.wire.messages.Accept;
import org.zennet.protocol.wire.messages.Agreement;
import org.zennet.protocol.wire.messages.AgreementTerms;
import org.zennet.protocol.wire.messages.Bid;
import org.zennet.protocol.wire.messages.ChannelState;
import org.zennet.protocol.wire.messages.ChannelStatus;
import org.zennet.protocol.wire.messages.CounterOffer;
import org.zennet.protocol.wire.messages.DelegateNack;
import org.zennet.protocol.wire.messages.DelegateNackReason;
import org.zennet.protocol.wire.messages.DelegateVoucher;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.PayloadChunk;
import org.zennet.protocol.wire.messages.RunTask;
import org.zennet.protocol.wire.messages.TaskError;
import org.zennet.protocol.wire.messages.TaskErrorCode;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.protocol.wire.messages.TaskResult;
import org.zennet.protocol.wire.messages.Voucher;
import org.zennet.protocol.wire.messages.VoucherAck;
import org.zennet.protocol.wire.messages.WatchMessage;

class ProtobufRoundTripTest {
  static ByteString bytes(int length, int fill) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) fill);
    return ByteString.copyFrom(b);
  }

  static Voucher voucher() {
    return Voucher.newBuilder().setChannelId(bytes(32, 7)).setCumulativeAmount(bytes(32, 1))
        .setSignature(bytes(65, 9)).build();
  }

  static List<MessageLite> samples() {
    AgreementTerms terms = AgreementTerms.newBuilder().setChainId(31337).setJobMarket(bytes(20, 1))
        .setJobId(bytes(32, 2)).setManifestSha256(bytes(32, 3)).setPublisher(bytes(20, 4))
        .setProvider(bytes(20, 5)).setPricePerMegaFuel(bytes(32, 6)).setSlots(4)
        .setPaymentIncrementMegaFuel(100).setExpiresAt(1_800_000_000L).build();
    return List.of(
        NegotiateMessage.newBuilder().setBid(Bid.newBuilder().setJobId(bytes(32, 2)).setProvider(bytes(20, 5))
            .setPricePerMegaFuel(bytes(32, 6)).setSlots(8).setMeasuredFuelPerSecond(2_000_000_000L)).build(),
        NegotiateMessage.newBuilder().setCounterOffer(CounterOffer.newBuilder().setJobId(bytes(32, 2))
            .setPricePerMegaFuel(bytes(32, 8)).setSlots(2).setRound(1)).build(),
        NegotiateMessage.newBuilder().setAccept(Accept.newBuilder().setTerms(terms.toByteString())
            .setSignature(bytes(65, 1))).build(),
        NegotiateMessage.newBuilder().setAgreement(Agreement.newBuilder().setTerms(terms.toByteString())
            .setPublisherSignature(bytes(65, 1)).setProviderSignature(bytes(65, 2))).build(),
        TaskMessage.newBuilder().setRunTask(RunTask.newBuilder().setJobId(bytes(32, 2)).setTaskIndex(17)
            .setModuleSha256(bytes(32, 3)).addArgs("--count").addArgs("words").setInputSize(1 << 20)
            .setInputSha256(bytes(32, 4)).setFuelLimit(1_000_000_000L)).build(),
        TaskMessage.newBuilder().setChunk(PayloadChunk.newBuilder().setData(bytes(1000, 5)).setLast(true)).build(),
        TaskMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskIndex(17).setFuelUsed(123_456)
            .setOutputSize(10).setOutputSha256(bytes(32, 6))).build(),
        TaskMessage.newBuilder().setError(TaskError.newBuilder().setTaskIndex(17)
            .setCode(TaskErrorCode.TASK_ERROR_CODE_FUEL_EXHAUSTED).setDetail("out of fuel").setFuelUsed(99)).build(),
        PayMessage.newBuilder().setVoucher(voucher()).build(),
        PayMessage.newBuilder().setAck(VoucherAck.newBuilder().setChannelId(bytes(32, 7))
            .setCommittedAmount(bytes(32, 1))).build(),
        WatchMessage.newBuilder().setDelegate(DelegateVoucher.newBuilder().setChainId(31337)
            .setPaymentChannels(bytes(20, 3)).setVoucher(voucher())).build(),
        WatchMessage.newBuilder().setNack(DelegateNack.newBuilder().setChannelId(bytes(32, 7))
            .setReason(DelegateNackReason.DELEGATE_NACK_REASON_NOT_INCREASING).setDetail("older than held")).build(),
        WatchMessage.newBuilder().setStatus(ChannelStatus.newBuilder().setChannelId(bytes(32, 7))
            .setState(ChannelState.CHANNEL_STATE_CLOSING).setHeldAmount(bytes(32, 1))
            .setCloseDeadline(1_800_000_000L)).build());
  }

  @Test
  void everyMessageRoundTripsThroughItsBytes() throws Exception {
    for (MessageLite message : samples()) {
      MessageLite parsed = message.getParserForType().parseFrom(message.toByteArray());
      assertThat(parsed).isEqualTo(message);
    }
  }

  @Test
  void agreementSignedBytesAreDomainAndTermsEachLengthPrefixed() {
    byte[] terms = {1, 2, 3};
    byte[] signed = AgreementSigning.signedBytes(terms);
    byte[] domain = AgreementSigning.DOMAIN.getBytes(StandardCharsets.UTF_8);
    assertThat(HexFormat.of().formatHex(signed)).isEqualTo(
        HexFormat.of().formatHex(new byte[] {(byte) domain.length}) + HexFormat.of().formatHex(domain) + "03010203");
  }
}
