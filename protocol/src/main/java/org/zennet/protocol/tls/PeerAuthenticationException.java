package org.zennet.protocol.tls;

import java.security.cert.CertificateException;

/**
 * A peer's certificate does not authenticate it: wrong chain length, expired, bad self-signature,
 * missing or forged libp2p extension, or a PeerId other than the one dialled. A
 * {@link CertificateException} so that a trust manager can throw it and abort the TLS handshake.
 */
public final class PeerAuthenticationException extends CertificateException {
  private static final long serialVersionUID = 1L;

  /** @param message the reason, safe to log */
  public PeerAuthenticationException(String message) {
    super(message);
  }

  /** @param message the reason, safe to log @param cause underlying failure */
  public PeerAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
