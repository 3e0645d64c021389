package org.zennet.contracts.chain;

import java.util.List;

/**
 * A revert whose data no decoder recognises (or that carried no data at all). It keeps the raw data, so
 * nothing is lost; {@link #errorName()} is {@value #ERROR_NAME}.
 */
public final class UnknownRevertException extends ContractRevertException {
  private static final long serialVersionUID = 1L;

  /** The {@link #errorName()} of every unknown revert. */
  public static final String ERROR_NAME = "UnknownRevert";

  private final String context;

  /**
   * @param revertData the raw revert data, 0x-hex ({@code 0x} when there was none)
   * @param context what reverted, e.g. "eth_estimateGas of a call to 0xabc..."
   */
  public UnknownRevertException(String revertData, String context) {
    super(ERROR_NAME, List.of("data"), List.of(revertData), revertData);
    this.context = context;
  }

  @Override
  public String getMessage() {
    String data = revertData();
    if (data == null || data.length() <= 2) {
      return context + " reverted without revert data (out of gas, a bare revert(), or no contract at that address)";
    }
    return context + " reverted with an error the decoder does not know: " + data
        + " (is the decoder generated from the ABI of the contract at that address?)";
  }
}
