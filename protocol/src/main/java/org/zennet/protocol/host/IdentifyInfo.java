package org.zennet.protocol.host;

import java.util.List;
import java.util.Optional;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.identity.PeerPublicKey;
import org.zennet.protocol.multiaddr.Multiaddr;

/**
 * What a peer told about itself on {@code /ipfs/id/1.0.0}; its public key was checked against the
 * connection's authenticated PeerId.
 *
 * @param peerId the peer
 * @param publicKey its host key
 * @param protocolVersion such as {@code ipfs/0.1.0}, or empty
 * @param agentVersion such as {@code zennet/0.1.0} or {@code js-libp2p/3.3.11 node/20...}, or empty
 * @param listenAddrs the addresses it listens on (unparsable ones are skipped)
 * @param observedAddr our address as the peer sees it, if it said and it parses
 * @param protocols the protocol ids it serves
 */
public record IdentifyInfo(PeerId peerId, PeerPublicKey publicKey, String protocolVersion, String agentVersion,
    List<Multiaddr> listenAddrs, Optional<Multiaddr> observedAddr, List<String> protocols) {
  public IdentifyInfo {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }
}
