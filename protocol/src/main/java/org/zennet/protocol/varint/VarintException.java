package org.zennet.protocol.varint;

/** An unsigned varint that is not minimally encoded, longer than 9 bytes, or too large for its use. */
public final class VarintException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong with the bytes */
  public VarintException(String message) {
    super(message);
  }
}
