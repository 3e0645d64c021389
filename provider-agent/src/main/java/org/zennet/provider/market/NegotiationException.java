package org.zennet.provider.market;

/** A negotiation that did not end in an agreement, with the reason (the peer's or ours). */
public final class NegotiationException extends Exception {
  private static final long serialVersionUID = 1L;

  public NegotiationException(String message) {
    super(message);
  }
}
