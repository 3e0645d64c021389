package org.zennet.contracts.chain;

import java.util.Optional;

/** Turns the revert data of a failed call into a typed exception, when it is an error we know. */
public interface RevertDecoder {

  /**
   * Decodes {@code revertData} (0x-hex: a 4-byte selector and ABI-encoded arguments).
   *
   * @return the typed exception, or empty when the selector is unknown or the data is malformed
   */
  Optional<ContractRevertException> decode(String revertData);
}
