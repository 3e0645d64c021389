package org.zennet.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.KeyType;
import org.zennet.protocol.identity.Mutations;
import org.zennet.protocol.identity.PeerPublicKey;

/** Certificate vectors from libp2p/specs tls/tls.md, "Test vectors", and our own round trips. */
class Libp2pCertificatesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.now();

  static final String ED25519_CERT = "308201ae30820156a0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea37c307a3078060a2b0601040183a25a0101046a3068042408011220a77f1d92fedb59dddaea5a1c4abd1ac2fbde7d7b879ed364501809923d7c11b90440d90d2769db992d5e6195dbb08e706b6651e024fda6cfb8846694a435519941cac215a8207792e42849cccc6cd8136c6e4bde92a58c5e08cfd4206eb5fe0bf909300a06082a8648ce3d0403020346003043021f50f6b6c52711a881778718238f650c9fb48943ae6ee6d28427dc6071ae55e702203625f116a7a454db9c56986c82a25682f7248ea1cb764d322ea983ed36a31b77";
  static final String ECDSA_CERT = "308201f63082019da0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea381c23081bf3081bc060a2b0601040183a25a01010481ad3081aa045f0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004bf30511f909414ebdd3242178fd290f093a551cf75c973155de0bb5a96fedf6cb5d52da7563e794b512f66e60c7f55ba8a3acf3dd72a801980d205e8a1ad29f2044730450220064ea8124774caf8f50e57f436aa62350ce652418c019df5d98a3ac666c9386a022100aa59d704a931b5f72fb9222cb6cc51f954d04a4e2e5450f8805fe8918f71eaae300a06082a8648ce3d04030203470030440220799395b0b6c1e940a7e4484705f610ab51ed376f19ff9d7c16757cfbf61b8d4302206205c03fbb0f95205c779be86581d3e31c01871ad5d1f3435bcf375cb0e5088a";
  static final String SECP256K1_CERT = "308201ba3082015fa0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea38184308181307f060a2b0601040183a25a01010471306f0425080212210206dc6968726765b820f050263ececf7f71e4955892776c0970542efd689d2382044630440220145e15a991961f0d08cd15425bb95ec93f6ffa03c5a385eedc34ecf464c7a8ab022026b3109b8a3f40ef833169777eb2aa337cfb6282f188de0666d1bcec2a4690dd300a06082a8648ce3d0403020349003046022100e1a217eeef9ec9204b3f774a08b70849646b6a1e6b8b27f93dc00ed58545d9fe022100b00dafa549d0f03547878338c7b15e7502888f6d45db387e5ae6b5d46899cef0";
  static final String INVALID_CERT = "308201f73082019da0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea381c23081bf3081bc060a2b0601040183a25a01010481ad3081aa045f0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004bf30511f909414ebdd3242178fd290f093a551cf75c973155de0bb5a96fedf6cb5d52da7563e794b512f66e60c7f55ba8a3acf3dd72a801980d205e8a1ad29f204473045022100bb6e03577b7cc7a3cd1558df0da2b117dfdcc0399bc2504ebe7de6f65cade72802206de96e2a5be9b6202adba24ee0362e490641ac45c240db71fe955f2c5cf8df6e300a06082a8648ce3d0403020348003045022100e847f267f43717358f850355bdcabbefb2cfbf8a3c043b203a14788a092fe8db022027c1d04a2d41fd6b57a7e8b3989e470325de4406e52e084e34a3fd56eef0d0df";

  static X509Certificate cert(String hex) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(HEX.parseHex(hex)));
  }

  @Test
  void specVectorsAuthenticateTheirPeerIds() throws Exception {
    PeerPublicKey ed = Libp2pCertificates.verify(new X509Certificate[] {cert(ED25519_CERT)}, NOW);
    assertThat(ed.type()).isEqualTo(KeyType.ED25519);
    assertThat(ed.peerId().toBase58()).isEqualTo("12D3KooWM6CgA9iBFZmcYAHA6A2qvbAxqfkmrYiRQuz3XEsk4Ksv");
    PeerPublicKey ecdsa = Libp2pCertificates.verify(new X509Certificate[] {cert(ECDSA_CERT)}, NOW);
    assertThat(ecdsa.peerId().toBase58()).isEqualTo("QmfXbAwNjJLXfesgztEHe8HwgVDCMMpZ9Eax1HYq6hn9uE");
    PeerPublicKey k1 = Libp2pCertificates.verify(new X509Certificate[] {cert(SECP256K1_CERT)}, NOW);
    assertThat(k1.type()).isEqualTo(KeyType.SECP256K1);
    assertThat(k1.peerId().toBase58()).isEqualTo("16Uiu2HAkutTMoTzDw1tCvSRtu6YoixJwS46S1ZFxW8hSx9fWHiPs");
  }

  @Test
  void specInvalidVectorIsRefused() {
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[] {cert(INVALID_CERT)}, NOW))
        .isInstanceOf(PeerAuthenticationException.class).hasMessageContaining("signature does not verify");
  }

  @Test
  void ourCertificatesRoundTripForBothHostKeyTypes() throws Exception {
    for (HostKey key : new HostKey[] {HostKey.generateSecp256k1(RANDOM), HostKey.generateEd25519(RANDOM)}) {
      TlsIdentity id = Libp2pCertificates.generate(key, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), RANDOM);
      assertThat(Libp2pCertificates.verify(new X509Certificate[] {id.certificate()}, NOW)).isEqualTo(key.publicKey());
      assertThat(id.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
      assertThat(id.toString()).doesNotContain(id.privateKey().toString());
    }
  }

  @Test
  void refusesExpiredNotYetValidAndChainsOfTwo() {
    HostKey key = HostKey.generateSecp256k1(RANDOM);
    TlsIdentity expired = Libp2pCertificates.generate(key, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)), RANDOM);
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[] {expired.certificate()}, NOW)).hasMessageContaining("expired");
    TlsIdentity future = Libp2pCertificates.generate(key, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)), RANDOM);
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[] {future.certificate()}, NOW)).hasMessageContaining("not valid before");
    TlsIdentity good = Libp2pCertificates.generate(key, NOW.minusSeconds(60), NOW.plusSeconds(60), RANDOM);
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[] {good.certificate(), good.certificate()}, NOW)).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[0], NOW)).hasMessageContaining("exactly one");
  }

  @Test
  void refusesMissingAndForgedExtensions() {
    HostKey victim = HostKey.generateSecp256k1(RANDOM);
    HostKey attacker = HostKey.generateSecp256k1(RANDOM);
    KeyPair certKey = Libp2pCertificates.newCertificateKey(RANDOM);
    X509Certificate none = Libp2pCertificates.selfSigned(certKey, null, NOW.minusSeconds(60), NOW.plusSeconds(60), RANDOM);
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[] {none}, NOW)).hasMessageContaining("lacks the libp2p public key extension");
    // claims the victim's key, signed by the attacker
    byte[] forged = Libp2pCertificates.signedKey(victim.publicKey().toProtobuf(),
        attacker.sign(Libp2pCertificates.signedMessage(certKey.getPublic().getEncoded())));
    X509Certificate impostor = Libp2pCertificates.selfSigned(certKey, forged, NOW.minusSeconds(60), NOW.plusSeconds(60), RANDOM);
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[] {impostor}, NOW)).hasMessageContaining("does not verify");
    // the victim's genuine signature, but over another certificate key
    KeyPair other = Libp2pCertificates.newCertificateKey(RANDOM);
    byte[] replayed = Libp2pCertificates.signedKey(victim.publicKey().toProtobuf(),
        victim.sign(Libp2pCertificates.signedMessage(other.getPublic().getEncoded())));
    X509Certificate replay = Libp2pCertificates.selfSigned(certKey, replayed, NOW.minusSeconds(60), NOW.plusSeconds(60), RANDOM);
    assertThatThrownBy(() -> Libp2pCertificates.verify(new X509Certificate[] {replay}, NOW)).hasMessageContaining("does not verify");
  }

  @Provide
  Arbitrary<byte[]> mutatedExtensions() throws Exception {
    HostKey key = HostKey.generateSecp256k1(RANDOM);
    HostKey ed = HostKey.generateEd25519(RANDOM);
    byte[] spki = Libp2pCertificates.newCertificateKey(RANDOM).getPublic().getEncoded();
    return Mutations.of(
        Libp2pCertificates.signedKey(key.publicKey().toProtobuf(), key.sign(Libp2pCertificates.signedMessage(spki))),
        Libp2pCertificates.signedKey(ed.publicKey().toProtobuf(), ed.sign(Libp2pCertificates.signedMessage(spki))),
        HEX.parseHex("3068042408011220a77f1d92fedb59dddaea5a1c4abd1ac2fbde7d7b879ed364501809923d7c11b90440d90d2769db992d5e6195dbb08e706b6651e024fda6cfb8846694a435519941cac215a8207792e42849cccc6cd8136c6e4bde92a58c5e08cfd4206eb5fe0bf909"));
  }

  @Property(tries = 3000)
  void mutatedExtensionsFailOnlyTyped(@ForAll("mutatedExtensions") byte[] extension) {
    byte[] spki = HEX.parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569e");
    try {
      Libp2pCertificates.verifyExtension(extension, spki);
    } catch (PeerAuthenticationException expected) {
      // typed
    }
  }

  @Property(tries = 1000)
  void mutatedCertificatesFailOnlyTyped(@ForAll("mutatedCertificates") byte[] der) {
    X509Certificate c;
    try {
      c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (Exception notACertificate) {
      return; // the JDK's parser, not ours
    }
    try {
      Libp2pCertificates.verify(new X509Certificate[] {c}, NOW);
    } catch (PeerAuthenticationException expected) {
      // typed
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedCertificates() {
    return Mutations.of(HEX.parseHex(ED25519_CERT), HEX.parseHex(SECP256K1_CERT), HEX.parseHex(ECDSA_CERT));
  }
}
