package org.zennet.protocol.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.identity.PeerPublicKey;

/**
 * The trust manager of one connection: accepts exactly one self-signed libp2p certificate (see
 * {@link Libp2pCertificates#verify}), optionally only from an expected PeerId, and records the host
 * key it authenticated. The connection is authorised only by reading {@link #verifiedKey()} after
 * the handshake has completed, never before.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(PeerTrustManager.class);
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final PeerId expected;
  private final Clock clock;
  private final String connection;
  private volatile PeerPublicKey verified;
  private volatile String refusal;

  /**
   * @param expected the PeerId we dialled, or null to accept any authenticated peer
   * @param connection a description for logs
   */
  PeerTrustManager(PeerId expected, Clock clock, String connection) {
    this.expected = expected;
    this.clock = clock;
    this.connection = connection;
  }

  /** @return the authenticated host key, or null when the peer was not (or not yet) authenticated */
  PeerPublicKey verifiedKey() {
    return verified;
  }

  /** @return why the peer was refused, or null */
  String refusal() {
    return refusal;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    try {
      PeerPublicKey key = Libp2pCertificates.verify(chain, clock.instant());
      if (expected != null && !expected.matches(key)) {
        throw new PeerAuthenticationException("peer is " + key.peerId() + ", not the dialled " + expected);
      }
      verified = key;
    } catch (PeerAuthenticationException e) {
      refusal = e.getMessage();
      LOG.info("Refused peer on {}: {}", connection, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      refusal = "certificate check failed: " + e;
      LOG.info("Refused peer on {}: {}", connection, refusal);
      throw new PeerAuthenticationException(refusal, e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }
}
