package org.zennet.protocol.multistream;

/** Why a multistream-select negotiation failed. */
public final class MultistreamException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure. */
  public enum Reason {
    /** The peer broke the protocol: wrong header, unexpected message, bad framing or encoding. */
    PROTOCOL_ERROR,
    /** A message was longer than the configured maximum. */
    LINE_TOO_LONG,
    /** The peer proposed more protocols than the configured maximum. */
    TOO_MANY_PROPOSALS,
    /** The listener answered {@code na} to every protocol we proposed. */
    NO_PROTOCOL_AGREED,
    /** The stream ended or failed before the negotiation finished. */
    CLOSED
  }

  private final Reason reason;

  /** @param reason the kind @param message details */
  public MultistreamException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** @param reason the kind @param message details @param cause underlying failure */
  public MultistreamException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** @return the kind of failure */
  public Reason reason() {
    return reason;
  }
}
