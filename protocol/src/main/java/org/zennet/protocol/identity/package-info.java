/**
 * Peer identity: libp2p public keys (secp256k1, the same key as the peer's Ethereum account, and
 * Ed25519 and ECDSA for stock libp2p peers), their deterministic protobuf encoding, PeerIds, and the
 * host keys that sign for a peer.
 */
package org.zennet.protocol.identity;
