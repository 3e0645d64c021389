package org.zennet.protocol.wire;

import java.util.HexFormat;

/** A chunked payload arrived whole but its SHA-256 or its size is not the one announced. */
public final class PayloadHashMismatchException extends WireException {
  private static final long serialVersionUID = 1L;

  public PayloadHashMismatchException(byte[] expected, byte[] actual) {
    super("payload SHA-256 is " + HexFormat.of().formatHex(actual) + " but "
        + HexFormat.of().formatHex(expected) + " was announced");
  }

  public PayloadHashMismatchException(String message) {
    super(message);
  }
}
