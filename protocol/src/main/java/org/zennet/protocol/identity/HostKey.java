package org.zennet.protocol.identity;

import java.security.SecureRandom;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * The private host key of this peer: it signs, for the libp2p handshake, with the same key that owns
 * the peer's Ethereum account. Implementations never reveal the private key in {@code toString}.
 */
public sealed interface HostKey permits Secp256k1HostKey, Ed25519HostKey {

  /** @return the public key */
  PeerPublicKey publicKey();

  /** @return this peer's PeerId */
  default PeerId peerId() {
    return publicKey().peerId();
  }

  /**
   * Signs {@code message} the libp2p way for this key type (secp256k1: ECDSA over SHA-256, low S,
   * DER-encoded; Ed25519: RFC 8032).
   */
  byte[] sign(byte[] message);

  /** @return the host key of an Ethereum account's key pair */
  static Secp256k1HostKey fromKeyPair(ECKeyPair keyPair) {
    return new Secp256k1HostKey(keyPair);
  }

  /**
   * The host key of Web3j credentials, such as those {@code WalletUtils.loadCredentials(password,
   * keystoreFile)} reads from an encrypted keystore. ({@code WalletUtils} lives in Web3j's {@code core}
   * artifact, which this module does not depend on; the agents that load keystores do.)
   */
  static Secp256k1HostKey fromCredentials(Credentials credentials) {
    return new Secp256k1HostKey(credentials.getEcKeyPair());
  }

  /** @return a new random secp256k1 key (tests and throwaway peers) */
  static Secp256k1HostKey generateSecp256k1(SecureRandom random) {
    return Secp256k1HostKey.generate(random);
  }

  /** @return a new random Ed25519 key, the key type of stock libp2p peers */
  static Ed25519HostKey generateEd25519(SecureRandom random) {
    return Ed25519HostKey.generate(random);
  }
}
