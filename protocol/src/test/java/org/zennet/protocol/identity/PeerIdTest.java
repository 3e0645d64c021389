package org.zennet.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;

/** Vectors from libp2p/specs peer-ids/peer-ids.md ("Test vectors", "Decoding") and tls/tls.md. */
class PeerIdTest {
  private static final HexFormat HEX = HexFormat.of();

  // peer-ids.md, "Test vectors"
  private static final String SECP256K1_PRIVATE = "0802122053DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB";
  private static final String SECP256K1_PUBLIC = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
  private static final String ED25519_PRIVATE = "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String ED25519_PUBLIC = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String ECDSA_PUBLIC = "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9f77c409e62";

  @Test
  void secp256k1PrivateKeyVectorGivesItsPublicKey() throws Exception {
    byte[] priv = HEX.parseHex(SECP256K1_PRIVATE);
    assertThat(Arrays.copyOf(priv, 4)).containsExactly(0x08, 0x02, 0x12, 0x20);
    Secp256k1HostKey key = HostKey.fromKeyPair(ECKeyPair.create(Arrays.copyOfRange(priv, 4, 36)));
    assertThat(HEX.formatHex(key.publicKey().toProtobuf())).isEqualTo(SECP256K1_PUBLIC);
    assertThat(PeerPublicKey.fromProtobuf(HEX.parseHex(SECP256K1_PUBLIC))).isEqualTo(key.publicKey());
    assertThat(key.peerId().toBase58()).startsWith("16Uiu2HA");
  }

  @Test
  void secp256k1PeerIdNamesTheEthereumAccountOfItsKey() throws Exception {
    // anvil's first dev account
    Secp256k1HostKey key = HostKey.fromKeyPair(ECKeyPair.create(
        HEX.parseHex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")));
    PeerId id = PeerId.parse(key.peerId().toBase58());
    assertThat(id.ethereumAddress()).contains("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThat(id.isAccount("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).isTrue();
    assertThat(id.isAccount("f39fd6e51aad88f6f4ce6ab8827279cfffb92266")).isTrue();
    assertThat(id.isAccount("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).isFalse();
    assertThat(id.isAccount(null)).isFalse();
  }

  @Test
  void ed25519PeerIdHasNoEthereumAccount() {
    PeerId id = HostKey.generateEd25519(new java.security.SecureRandom()).peerId();
    assertThat(id.ethereumAddress()).isEmpty();
    assertThat(id.isAccount("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")).isFalse();
  }

  @Test
  void ed25519PrivateKeyVectorGivesItsPublicKey() throws Exception {
    byte[] priv = HEX.parseHex(ED25519_PRIVATE);
    Ed25519HostKey key = Ed25519HostKey.fromSeed(Arrays.copyOfRange(priv, 4, 36));
    assertThat(HEX.formatHex(key.publicKey().toProtobuf())).isEqualTo(ED25519_PUBLIC);
    // the 64-byte private encoding is seed || public key
    assertThat(key.publicKey().data()).containsExactly(Arrays.copyOfRange(priv, 36, 68));
    assertThat(key.peerId().toBase58()).startsWith("12D3KooW");
  }

  @Test
  void ecdsaPublicKeyVectorParsesAndRoundTrips() throws Exception {
    PeerPublicKey key = PeerPublicKey.fromProtobuf(HEX.parseHex(ECDSA_PUBLIC));
    assertThat(key.type()).isEqualTo(KeyType.ECDSA);
    assertThat(HEX.formatHex(key.toProtobuf())).isEqualTo(ECDSA_PUBLIC);
    // longer than 42 bytes: SHA-256 multihash, "Qm..."
    assertThat(key.peerId().toBase58()).startsWith("Qm");
    assertThat(key.peerId().publicKey()).isEmpty();
  }

  @Test
  void peerIdsOfTheTlsSpecCertificateKeys() throws Exception {
    // tls.md test vectors 1 and 3: the keys inside the certificates and the PeerIds they authenticate
    PeerPublicKey ed = PeerPublicKey.fromProtobuf(HEX.parseHex("08011220a77f1d92fedb59dddaea5a1c4abd1ac2fbde7d7b879ed364501809923d7c11b9"));
    assertThat(ed.peerId().toBase58()).isEqualTo("12D3KooWM6CgA9iBFZmcYAHA6A2qvbAxqfkmrYiRQuz3XEsk4Ksv");
    PeerPublicKey k1 = PeerPublicKey.fromProtobuf(HEX.parseHex("080212210206dc6968726765b820f050263ececf7f71e4955892776c0970542efd689d2382"));
    assertThat(k1.peerId().toBase58()).isEqualTo("16Uiu2HAkutTMoTzDw1tCvSRtu6YoixJwS46S1ZFxW8hSx9fWHiPs");
    assertThat(PeerId.parse("16Uiu2HAkutTMoTzDw1tCvSRtu6YoixJwS46S1ZFxW8hSx9fWHiPs").publicKey()).contains(k1);
  }

  @Test
  void parsesTheSpecExamplesInBothForms() throws Exception {
    // peer-ids.md, "Decoding" examples
    PeerId ed = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    assertThat(ed.publicKey()).get().extracting(PeerPublicKey::type).isEqualTo(KeyType.ED25519);
    assertThat(ed.toString()).isEqualTo("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

    PeerId sha = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    assertThat(sha.publicKey()).isEmpty();
    assertThat(sha.toBase58()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");

    PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertThat(cid.toCid()).isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertThat(PeerId.parse(cid.toBase58())).isEqualTo(cid);
    assertThat(PeerId.parse(ed.toCid())).isEqualTo(ed);
  }

  @Test
  void rejectsMalformedPeerIds() {
    assertThatThrownBy(() -> PeerId.parse("")).isInstanceOf(InvalidPeerIdException.class);
    assertThatThrownBy(() -> PeerId.parse("Qm0OIl")).isInstanceOf(InvalidPeerIdException.class).hasMessageContaining("base58");
    assertThatThrownBy(() -> PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5")).isInstanceOf(InvalidPeerIdException.class);
    assertThatThrownBy(() -> PeerId.parse("zQm")).isInstanceOf(InvalidPeerIdException.class);
    assertThatThrownBy(() -> PeerId.parse("1".repeat(500))).isInstanceOf(InvalidPeerIdException.class).hasMessageContaining("longer");
    // go-multiaddr's bad case: a sha256 multihash with a digest longer than 32 bytes
    assertThatThrownBy(() -> PeerId.parse("QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY")).isInstanceOf(InvalidPeerIdException.class);
  }

  @Test
  void rejectsNonDeterministicPublicKeyEncodings() {
    byte[] good = HEX.parseHex(SECP256K1_PUBLIC);
    // non-minimal varint for the type: 0x82 0x00 instead of 0x02
    byte[] nonMinimal = HEX.parseHex("0882001221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99");
    // fields in the wrong order
    byte[] swapped = HEX.parseHex("1221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca990802");
    byte[] trailing = Arrays.copyOf(good, good.length + 2);
    trailing[good.length] = 0x18; // an unknown field 3
    byte[] oversizedLength = HEX.parseHex("0802128080808080808010");
    for (byte[] bad : new byte[][] {nonMinimal, swapped, trailing, oversizedLength, new byte[0], HEX.parseHex("0802")}) {
      assertThatThrownBy(() -> PeerPublicKey.fromProtobuf(bad)).isInstanceOf(InvalidPublicKeyException.class);
    }
    assertThatThrownBy(() -> PeerPublicKey.fromProtobuf(HEX.parseHex("08001200")))
        .isInstanceOf(InvalidPublicKeyException.class).hasMessageContaining("RSA");
    // not a point on secp256k1 (x = 5 has no y on the curve)
    assertThatThrownBy(() -> PeerPublicKey.fromProtobuf(HEX.parseHex("0802122102" + "00".repeat(31) + "05")))
        .isInstanceOf(InvalidPublicKeyException.class);
  }

  @Test
  void secp256k1SignaturesAreDerSha256EcdsaAndVerify() throws Exception {
    HostKey key = HostKey.generateSecp256k1(new SecureRandom());
    byte[] message = "libp2p-tls-handshake:abc".getBytes(StandardCharsets.UTF_8);
    byte[] sig = key.sign(message);
    assertThat(sig[0]).isEqualTo((byte) 0x30);
    assertThat(key.publicKey().verify(message, sig)).isTrue();
    assertThat(key.publicKey().verify("other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    byte[] padded = Arrays.copyOf(sig, sig.length + 1);
    assertThat(key.publicKey().verify(message, padded)).isFalse();
    assertThat(HostKey.generateSecp256k1(new SecureRandom()).publicKey().verify(message, sig)).isFalse();
  }

  @Test
  void ed25519SignaturesVerify() {
    HostKey key = HostKey.generateEd25519(new SecureRandom());
    byte[] message = {1, 2, 3};
    assertThat(key.publicKey().verify(message, key.sign(message))).isTrue();
    assertThat(key.publicKey().verify(new byte[] {1, 2, 4}, key.sign(message))).isFalse();
    assertThat(key.publicKey().verify(message, new byte[3])).isFalse();
  }

  @Test
  void theAccountKeyFromAnEncryptedKeystoreIsThePeerKey(@TempDir Path dir) throws Exception {
    String file = WalletUtils.generateLightNewWalletFile("correct horse", dir.toFile());
    Credentials credentials = WalletUtils.loadCredentials("correct horse", dir.resolve(file).toFile());
    Secp256k1HostKey key = HostKey.fromCredentials(credentials);
    assertThat(key.publicKey().toEthereumPublicKey()).isEqualTo(credentials.getEcKeyPair().getPublicKey());
    assertThat(key.peerId().publicKey()).contains(key.publicKey());
    assertThat(key.toString()).doesNotContain(credentials.getEcKeyPair().getPrivateKey().toString(16));
  }

  @Test
  void ethereumPublicKeyWithLeadingZeroBytesRoundTrips() throws Exception {
    for (int i = 0; i < 200; i++) {
      ECKeyPair pair = ECKeyPair.create(new BigInteger(250, new SecureRandom()).add(BigInteger.ONE));
      Secp256k1PublicKey pub = HostKey.fromKeyPair(pair).publicKey();
      assertThat(pub.toEthereumPublicKey()).isEqualTo(pair.getPublicKey());
    }
  }
}
