package org.zennet.watcher.client;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import java.math.BigInteger;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.DelegateVoucher;
import org.zennet.protocol.wire.messages.StatusQuery;
import org.zennet.protocol.wire.messages.Voucher;
import org.zennet.protocol.wire.messages.WatchMessage;
import org.zennet.watcher.DelegationService;
import org.zennet.watcher.Watcher;

/**
 * A provider's side of {@code /zennet/watch/1.0.0} on one stream: delegate vouchers, ask for a channel's status,
 * one request at a time. Used by the watcher's tests and benchmark (the provider agent has its own, as agents
 * never depend on each other; the protocol is in docs/watcher.md).
 */
public final class WatchClient {
  private final MessageStream<WatchMessage, WatchMessage> stream;
  private final long chainId;
  private final ByteString paymentChannels;

  private WatchClient(MessageStream<WatchMessage, WatchMessage> stream, long chainId, String paymentChannels) {
    this.stream = stream;
    this.chainId = chainId;
    this.paymentChannels = WireValues.address(paymentChannels);
  }

  /** Opens a watch stream from {@code host} to the watcher at {@code watcher}. */
  public static Future<WatchClient> open(Host host, Multiaddr watcher, long chainId, String paymentChannels) {
    return host.openStream(watcher, Watcher.PROTOCOL)
        .map(s -> new WatchClient(MessageStream.over(s, WatchMessage.parser(), DelegationService.WIRE), chainId,
            paymentChannels));
  }

  /** The message that delegates {@code voucher}. */
  public WatchMessage delegation(SignedVoucher voucher) {
    return WatchMessage.newBuilder().setDelegate(DelegateVoucher.newBuilder().setChainId(chainId)
        .setPaymentChannels(paymentChannels).setVoucher(Voucher.newBuilder()
            .setChannelId(WireValues.uint256(voucher.voucher().channelId()))
            .setCumulativeAmount(WireValues.uint256(voucher.voucher().cumulativeAmount()))
            .setSignature(ByteString.copyFrom(voucher.signature())))).build();
  }

  /** Delegates {@code voucher}; completes with the watcher's {@code DelegateAck} or {@code DelegateNack}. */
  public Future<WatchMessage> delegate(SignedVoucher voucher) {
    return request(delegation(voucher));
  }

  /** Asks for channel {@code channelId}'s status; completes with {@code ChannelStatus} or a {@code DelegateNack}. */
  public Future<WatchMessage> status(BigInteger channelId) {
    return request(WatchMessage.newBuilder().setStatusQuery(StatusQuery.newBuilder()
        .setChannelId(WireValues.uint256(channelId))).build());
  }

  /** Sends any message (a test's hostile one, say) and reads the answer. */
  public Future<WatchMessage> request(WatchMessage message) {
    return stream.write(message).compose(v -> stream.next());
  }

  /** The stream underneath (for raw bytes in tests). */
  public MessageStream<WatchMessage, WatchMessage> stream() {
    return stream;
  }

  /** Ends the stream. */
  public Future<Void> close() {
    return stream.end();
  }
}
