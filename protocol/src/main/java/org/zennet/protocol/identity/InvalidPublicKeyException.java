package org.zennet.protocol.identity;

/** Bytes that are not a libp2p public key we accept, or a signature in a malformed encoding. */
public final class InvalidPublicKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong */
  public InvalidPublicKeyException(String message) {
    super(message);
  }

  /** @param message what was wrong @param cause the underlying failure */
  public InvalidPublicKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
