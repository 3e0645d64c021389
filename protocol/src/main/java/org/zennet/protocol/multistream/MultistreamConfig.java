package org.zennet.protocol.multistream;

/**
 * Limits of a multistream-select negotiation.
 *
 * @param maxLineLength the longest message accepted, counting its final newline
 * @param maxProposals the most protocols a dialer may propose (or {@code ls} requests it may make)
 *     before the listener gives up
 */
public record MultistreamConfig(int maxLineLength, int maxProposals) {
  /** go-multistream's limit is also 1 KiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1024;
  /** Enough for any real dialer; bounds the work an abusive one can cause. */
  public static final int DEFAULT_MAX_PROPOSALS = 16;
  /** The defaults. */
  public static final MultistreamConfig DEFAULT = new MultistreamConfig(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_PROPOSALS);

  /** Validates the limits. */
  public MultistreamConfig {
    if (maxLineLength < MultistreamSelect.PROTOCOL_ID.length() + 1 || maxLineLength > 64 * 1024) {
      throw new IllegalArgumentException("maxLineLength must be between " + (MultistreamSelect.PROTOCOL_ID.length() + 1) + " and 65536, not " + maxLineLength);
    }
    if (maxProposals < 1 || maxProposals > 1024) {
      throw new IllegalArgumentException("maxProposals must be between 1 and 1024, not " + maxProposals);
    }
  }
}
