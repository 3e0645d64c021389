package org.zennet.protocol.identity;

/** Text or bytes that are not a libp2p PeerId. */
public final class InvalidPeerIdException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong */
  public InvalidPeerIdException(String message) {
    super(message);
  }
}
