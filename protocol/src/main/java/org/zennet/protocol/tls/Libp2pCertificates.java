package org.zennet.protocol.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.InvalidPublicKeyException;
import org.zennet.protocol.identity.PeerPublicKey;

/**
 * Builds and checks the certificates of the libp2p TLS handshake. A certificate is self-signed by an
 * ephemeral ECDSA P-256 key and carries the extension {@value #EXTENSION_OID}, the DER
 * {@code SignedKey ::= SEQUENCE { publicKey OCTET STRING, signature OCTET STRING }}: the host's
 * {@code PublicKey} protobuf and its signature over {@code "libp2p-tls-handshake:" || DER(SubjectPublicKeyInfo
 * of the certificate key)}.
 */
public final class Libp2pCertificates {
  /** The libp2p Public Key Extension, allocated by IANA to Protocol Labs. */
  public static final String EXTENSION_OID = "1.3.6.1.4.1.53594.1.1";
  /** What the host key signs, before the certificate key. */
  public static final String SIGNATURE_PREFIX = "libp2p-tls-handshake:";
  /** Longest extension value we parse: a 256-byte key protobuf and a 160-byte signature, with headers. */
  public static final int MAX_EXTENSION_LENGTH = 512;

  private static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier(EXTENSION_OID);
  /** Critical extensions the JDK checks itself, that a certificate may mark critical. */
  private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(EXTENSION_OID, "2.5.29.15", "2.5.29.19", "2.5.29.37");

  private Libp2pCertificates() {}

  /**
   * A new P-256 certificate key and a certificate for {@code hostKey}, valid from {@code notBefore} to
   * {@code notAfter}.
   */
  public static TlsIdentity generate(HostKey hostKey, Instant notBefore, Instant notAfter, SecureRandom random) {
    KeyPair certKey = newCertificateKey(random);
    byte[] extension = signedKey(hostKey.publicKey().toProtobuf(), hostKey.sign(signedMessage(certKey.getPublic().getEncoded())));
    return new TlsIdentity(List.of(selfSigned(certKey, extension, notBefore, notAfter, random)), certKey.getPrivate());
  }

  static KeyPair newCertificateKey(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK supports P-256", e);
    }
  }

  /** @return {@code "libp2p-tls-handshake:" || spki} */
  static byte[] signedMessage(byte[] spki) {
    byte[] prefix = SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(prefix, prefix.length + spki.length);
    System.arraycopy(spki, 0, out, prefix.length, spki.length);
    return out;
  }

  /** @return the DER {@code SignedKey} */
  static byte[] signedKey(byte[] publicKeyProtobuf, byte[] signature) {
    try {
      return new DERSequence(new DEROctetString[] {new DEROctetString(publicKeyProtobuf), new DEROctetString(signature)})
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding failed", e);
    }
  }

  /** A self-signed certificate; {@code extension} null leaves the libp2p extension out (tests). */
  static X509Certificate selfSigned(KeyPair certKey, byte[] extension, Instant notBefore, Instant notAfter, SecureRandom random) {
    try {
      X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.SERIALNUMBER, new BigInteger(62, random).toString()).build();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          name, new BigInteger(62, random), Date.from(notBefore), Date.from(notAfter), name, certKey.getPublic());
      if (extension != null) {
        builder.addExtension(OID, false, extension);
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(certKey.getPrivate())));
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException | IOException e) {
      throw new IllegalStateException("building a self-signed certificate failed", e);
    }
  }

  /**
   * Authenticates a peer from the certificate chain it presented, as tls.md requires: exactly one
   * certificate, valid at {@code now}, correctly self-signed, no critical extension we do not
   * understand, no unique ids, and a libp2p extension whose host key signed the certificate key.
   *
   * @return the peer's host key
   * @throws PeerAuthenticationException saying which check failed
   */
  public static PeerPublicKey verify(X509Certificate[] chain, Instant now) throws PeerAuthenticationException {
    if (chain == null || chain.length != 1) {
      throw new PeerAuthenticationException("expected exactly one certificate, got " + (chain == null ? 0 : chain.length));
    }
    X509Certificate cert = chain[0];
    try {
      cert.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new PeerAuthenticationException("certificate expired at " + cert.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new PeerAuthenticationException("certificate not valid before " + cert.getNotBefore().toInstant());
    }
    Set<String> critical = cert.getCriticalExtensionOIDs();
    if (critical != null) {
      for (String oid : critical) {
        if (!UNDERSTOOD_CRITICAL.contains(oid)) {
          throw new PeerAuthenticationException("certificate has an unknown critical extension " + oid);
        }
      }
    }
    if (cert.getIssuerUniqueID() != null || cert.getSubjectUniqueID() != null) {
      throw new PeerAuthenticationException("certificate carries the deprecated unique id fields");
    }
    try {
      cert.verify(cert.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new PeerAuthenticationException("certificate self-signature is invalid: " + e.getMessage());
    }
    byte[] wrapped = cert.getExtensionValue(EXTENSION_OID);
    if (wrapped == null) {
      throw new PeerAuthenticationException("certificate lacks the libp2p public key extension " + EXTENSION_OID);
    }
    byte[] spki;
    try {
      spki = new X509CertificateHolder(cert.getEncoded()).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new PeerAuthenticationException("cannot read the certificate key: " + e.getMessage());
    }
    return verifyExtension(unwrapOctetString(wrapped), spki);
  }

  /**
   * Checks a libp2p extension value against the certificate key it must sign.
   *
   * @param extensionValue the DER {@code SignedKey}
   * @param certificateSpki the DER SubjectPublicKeyInfo of the certificate key
   * @return the host key
   */
  public static PeerPublicKey verifyExtension(byte[] extensionValue, byte[] certificateSpki) throws PeerAuthenticationException {
    byte[][] parts = parseSignedKey(extensionValue);
    PeerPublicKey hostKey;
    try {
      hostKey = PeerPublicKey.fromProtobuf(parts[0]);
    } catch (InvalidPublicKeyException e) {
      throw new PeerAuthenticationException("libp2p extension holds no valid host key: " + e.getMessage());
    }
    if (!hostKey.verify(signedMessage(certificateSpki), parts[1])) {
      throw new PeerAuthenticationException("libp2p extension signature does not verify with host key " + hostKey.peerId());
    }
    return hostKey;
  }

  /** @return {publicKey, signature} of a strict-DER {@code SignedKey} */
  static byte[][] parseSignedKey(byte[] der) throws PeerAuthenticationException {
    if (der == null || der.length == 0 || der.length > MAX_EXTENSION_LENGTH) {
      throw new PeerAuthenticationException("libp2p extension must be 1 to " + MAX_EXTENSION_LENGTH + " bytes");
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      if (!(p instanceof ASN1Sequence seq) || seq.size() != 2
          || !(seq.getObjectAt(0) instanceof ASN1OctetString key) || !(seq.getObjectAt(1) instanceof ASN1OctetString sig)) {
        throw new PeerAuthenticationException("libp2p extension is not SEQUENCE { OCTET STRING, OCTET STRING }");
      }
      if (!Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
        throw new PeerAuthenticationException("libp2p extension is not in DER");
      }
      return new byte[][] {key.getOctets(), sig.getOctets()};
    } catch (IOException | RuntimeException e) {
      throw new PeerAuthenticationException("libp2p extension is not valid ASN.1: " + e.getMessage());
    }
  }

  private static byte[] unwrapOctetString(byte[] wrapped) throws PeerAuthenticationException {
    try {
      return ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(wrapped)).getOctets();
    } catch (IOException | RuntimeException e) {
      throw new PeerAuthenticationException("libp2p extension value is malformed");
    }
  }
}
