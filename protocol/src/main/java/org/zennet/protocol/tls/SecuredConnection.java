package org.zennet.protocol.tls;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.identity.PeerPublicKey;
import org.zennet.protocol.multiaddr.Multiaddr;

/**
 * A TCP connection secured by the libp2p TLS handshake, with the remote peer authenticated and the
 * stream muxer agreed: what a muxer (yamux) runs on. Read {@link #input()}, not the socket, so that
 * bytes the peer sent right after the muxer negotiation are not lost; it flows once a handler is set.
 */
public interface SecuredConnection {

  /** @return the authenticated remote PeerId */
  PeerId remotePeerId();

  /** @return the remote host key its certificate carried */
  PeerPublicKey remotePublicKey();

  /** @return true on the dialling side */
  boolean initiator();

  /** @return the muxer protocol multistream-select agreed, such as {@code /yamux/1.0.0} */
  String muxer();

  /** @return our end, {@code /ip4/.../tcp/...} */
  Multiaddr localAddress();

  /** @return the remote end with its PeerId, {@code /ip4/.../tcp/.../p2p/...} */
  Multiaddr remoteAddress();

  /** @return the decrypted bytes from the peer, starting where the muxer negotiation ended */
  ReadStream<Buffer> input();

  /** @return where to write bytes to the peer (back-pressure: {@code writeQueueFull}/{@code drainHandler}) */
  WriteStream<Buffer> output();

  /** @return the TLS socket, for close and shutdown handlers */
  NetSocket socket();

  /** Closes the connection. */
  default Future<Void> close() {
    return socket().close();
  }
}
