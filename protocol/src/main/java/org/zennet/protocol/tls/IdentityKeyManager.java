package org.zennet.protocol.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** Presents this host's one certificate, whatever issuers the peer asks for (it asks for none). */
final class IdentityKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "libp2p";
  private final TlsIdentity identity;
  private final String keyType;

  IdentityKeyManager(TlsIdentity identity) {
    this.identity = identity;
    this.keyType = identity.privateKey().getAlgorithm(); // "EC"
  }

  private String alias(String[] keyTypes) {
    if (keyTypes == null) {
      return ALIAS;
    }
    for (String t : keyTypes) {
      if (fits(t)) {
        return ALIAS;
      }
    }
    return null;
  }

  /**
   * Whether our P-256 key fits {@code type}: the JDK asks for "EC"; Bouncy Castle's JSSE asks in TLS 1.3
   * for the key type with its curve, "EC/secp256r1".
   */
  private boolean fits(String type) {
    return keyType.equals(type) || (keyType + "/secp256r1").equals(type);
  }

  @Override
  public String[] getClientAliases(String type, Principal[] issuers) {
    return fits(type) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return alias(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return alias(keyTypes);
  }

  @Override
  public String[] getServerAliases(String type, Principal[] issuers) {
    return fits(type) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
    return fits(type) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
    return fits(type) ? ALIAS : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? identity.chain().toArray(new X509Certificate[0]) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? identity.privateKey() : null;
  }
}
