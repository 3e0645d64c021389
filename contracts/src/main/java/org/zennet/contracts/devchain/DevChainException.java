package org.zennet.contracts.devchain;

/** The dev chain could not be started; the message says why and what to do. */
public class DevChainException extends Exception {
  private static final long serialVersionUID = 1L;

  public DevChainException(String message) {
    super(message);
  }

  public DevChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
