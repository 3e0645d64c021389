package org.zennet.protocol.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What this host presents in the TLS handshake: the certificate chain (one self-signed certificate)
 * and the ephemeral private key of its first certificate, unrelated to the host key.
 *
 * @param chain the certificates, leaf first
 * @param privateKey the certificate key
 */
public record TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) {
  /** Copies the chain and checks it is not empty. */
  public TlsIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a TLS identity needs a certificate");
    }
  }

  /** @return the leaf certificate */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  @Override
  public String toString() {
    return "TlsIdentity[" + certificate().getSubjectX500Principal() + "]"; // never the key
  }
}
