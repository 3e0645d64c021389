package org.zennet.protocol.host;

/** The peer answered ping or identify with something the protocol does not allow. */
public final class PeerMisbehaviorException extends Exception {
  public PeerMisbehaviorException(String message) {
    super(message);
  }
}
