package org.zennet.protocol.host;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.host.messages.Identify;
import org.zennet.protocol.identity.InvalidPublicKeyException;
import org.zennet.protocol.identity.PeerPublicKey;
import org.zennet.protocol.multiaddr.InvalidMultiaddrException;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.MessageReader;
import org.zennet.protocol.wire.MessageTooLargeException;
import org.zennet.protocol.wire.MessageWriter;
import org.zennet.protocol.wire.WireConfig;

/**
 * libp2p identify ({@code /ipfs/id/1.0.0}, specs/identify/README.md): the listener writes one
 * varint-prefixed {@code Identify} message and closes its side; the dialer reads to the end.
 */
final class IdentifyProtocol {
  /** go-libp2p's and js-libp2p's limit of an identify message. */
  static final int MAX_MESSAGE_SIZE = 8 * 1024;
  /** js-libp2p and go-libp2p read at most this many messages from one identify stream. */
  static final int MAX_MESSAGES = 10;
  private static final WireConfig WIRE = new WireConfig(MAX_MESSAGE_SIZE, 1024, 0);
  private static final Logger LOG = LoggerFactory.getLogger(IdentifyProtocol.class);

  private IdentifyProtocol() {}

  /** The message this host sends to the peer of {@code connection}. */
  static Identify message(PeerPublicKey key, String agentVersion, List<Multiaddr> listenAddrs, List<String> protocols,
      PeerConnection connection) {
    Identify.Builder b = Identify.newBuilder()
        .setProtocolVersion(Host.IDENTIFY_PROTOCOL_VERSION)
        .setAgentVersion(agentVersion)
        .setPublicKey(ByteString.copyFrom(key.toProtobuf()));
    listenAddrs.forEach(a -> b.addListenAddrs(ByteString.copyFrom(a.withoutPeerId().toBytes())));
    if (connection.remoteAddress() != null) {
      b.setObservedAddr(ByteString.copyFrom(connection.remoteAddress().withoutPeerId().toBytes()));
    }
    protocols.stream().sorted().forEach(b::addProtocols);
    return b.build();
  }

  /** Answers one inbound identify stream. */
  static void serve(PeerStream stream, Identify message) {
    stream.handler(data -> { }); // the dialer sends nothing; anything it does send is dropped
    stream.exceptionHandler(e -> LOG.debug("{} ended: {}", stream, e.getMessage()));
    try {
      stream.write(MessageWriter.frame(message, MAX_MESSAGE_SIZE));
      stream.end();
    } catch (MessageTooLargeException e) {
      LOG.warn("Cannot answer identify: {}", e.getMessage());
      stream.reset();
    }
  }

  /** Reads the peer's identify messages to the end of the stream and checks its key. */
  static Future<IdentifyInfo> run(Vertx vertx, PeerStream stream, Duration timeout) {
    Promise<IdentifyInfo> result = Promise.promise();
    Identify.Builder merged = Identify.newBuilder();
    int[] count = {0};
    MessageReader<Identify> reader = MessageReader.create(stream, Identify.parser(), WIRE, e -> {
      LOG.info("Reset {}: {}", stream, e.getMessage());
      stream.reset();
    });
    reader.exceptionHandler(result::tryFail);
    reader.handler(m -> {
      if (++count[0] > MAX_MESSAGES) {
        stream.reset();
        result.tryFail(new PeerMisbehaviorException("the peer sent more than " + MAX_MESSAGES + " identify messages"));
        return;
      }
      merged.mergeFrom(m); // later singular fields win, repeated ones add up, as js-libp2p merges them
    });
    reader.endHandler(v -> {
      stream.end();
      try {
        result.tryComplete(info(stream.connection(), merged.build()));
      } catch (PeerMisbehaviorException e) {
        result.tryFail(e);
      }
    });
    return Deadline.of(vertx, result.future(), timeout, "identify of " + stream.remotePeerId(), stream::reset);
  }

  private static IdentifyInfo info(PeerConnection connection, Identify m) throws PeerMisbehaviorException {
    PeerPublicKey key = connection.remotePublicKey();
    if (m.hasPublicKey()) {
      try {
        key = PeerPublicKey.fromProtobuf(m.getPublicKey().toByteArray());
      } catch (InvalidPublicKeyException e) {
        throw new PeerMisbehaviorException("identify carries an invalid public key: " + e.getMessage());
      }
      if (!connection.remotePeerId().matches(key)) {
        throw new PeerMisbehaviorException("identify names key " + key.peerId() + ", not the authenticated peer " + connection.remotePeerId());
      }
    }
    List<Multiaddr> listen = new ArrayList<>();
    for (ByteString a : m.getListenAddrsList()) {
      parse(a).ifPresent(listen::add);
    }
    return new IdentifyInfo(connection.remotePeerId(), key, m.getProtocolVersion(), m.getAgentVersion(), listen,
        m.hasObservedAddr() ? parse(m.getObservedAddr()) : Optional.empty(), m.getProtocolsList());
  }

  private static Optional<Multiaddr> parse(ByteString bytes) {
    try {
      return Optional.of(Multiaddr.fromBytes(bytes.toByteArray()));
    } catch (InvalidMultiaddrException e) {
      return Optional.empty(); // an address type we do not know (quic, ws...): not ours to use
    }
  }
}
