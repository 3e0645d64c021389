package org.zennet.contracts.channel;

/** A voucher whose signature is malformed, malleable, or not the expected signer's. */
public class InvalidVoucherException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidVoucherException(String message) {
    super(message);
  }
}
