package org.zennet.protocol.host;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.identity.PeerPublicKey;
import org.zennet.protocol.multiaddr.Multiaddr;

/** An authenticated, multiplexed connection to one peer. */
public interface PeerConnection {

  /** @return the peer, authenticated by the TLS handshake */
  PeerId remotePeerId();

  /** @return the peer's host key, from its certificate */
  PeerPublicKey remotePublicKey();

  /** @return the peer's address, with its {@code /p2p} PeerId */
  Multiaddr remoteAddress();

  /** @return our end of the connection */
  Multiaddr localAddress();

  /** @return whether this side dialled */
  boolean initiator();

  /**
   * Opens a stream and agrees on the first of {@code protocols} the peer supports.
   *
   * @return the stream; fails with a {@code MultistreamException} when the peer supports none
   */
  Future<PeerStream> openStream(List<String> protocols);

  /** Opens a stream for {@code protocol}. */
  default Future<PeerStream> openStream(String protocol) {
    return openStream(List.of(protocol));
  }

  /** Pings the peer {@code count} times over one {@code /ipfs/ping/1.0.0} stream. */
  Future<List<Duration>> ping(int count);

  /** Asks the peer about itself over {@code /ipfs/id/1.0.0}. */
  Future<IdentifyInfo> identify();

  /** @return streams open on this connection */
  int streamCount();

  /** @return whether the connection has ended */
  boolean isClosed();

  /** Closes the connection (yamux go-away, then the socket). */
  Future<Void> close();
}
