package org.zennet.contracts.bench;

import java.util.Locale;

/**
 * A published gas figure of another payment-channel system, to read one of ours against.
 *
 * @param project the system ({@code µRaiden}, {@code Raiden})
 * @param operation what it measured, in a few words ({@code open}, {@code coop. close})
 * @param gas its published gas figure
 */
public record Anchor(String project, String operation, long gas) {
  /** µRaiden opens an ERC-20 channel for 120,090 gas. */
  public static final Anchor MICRORAIDEN_OPEN = new Anchor("µRaiden", "open", 120_090);
  /** µRaiden closes a channel cooperatively for 71,182 gas. */
  public static final Anchor MICRORAIDEN_CLOSE = new Anchor("µRaiden", "coop. close", 71_182);
  /** µRaiden per payee: open plus cooperative close, 191,272 gas. */
  public static final Anchor MICRORAIDEN_PER_PAYEE = new Anchor("µRaiden", "open+close", 191_272);
  /** Raiden opens a channel with a deposit for 146,956 gas. */
  public static final Anchor RAIDEN_OPEN = new Anchor("Raiden", "open+deposit", 146_956);
  /** Raiden settles a channel cooperatively for 112,270 gas. */
  public static final Anchor RAIDEN_SETTLE = new Anchor("Raiden", "coop. settle", 112_270);
  /** Raiden per payee: open with a deposit plus cooperative settle, 259,226 gas. */
  public static final Anchor RAIDEN_PER_PAYEE = new Anchor("Raiden", "open+settle", 146_956 + 112_270);

  public Anchor {
    if (project == null || project.isBlank() || operation == null || operation.isBlank()) {
      throw new IllegalArgumentException("an anchor names its project and operation");
    }
    if (gas <= 0) {
      throw new IllegalArgumentException("an anchor's gas must be positive, got " + gas);
    }
  }

  /** {@code µRaiden open 120,090}. */
  public String label() {
    return String.format(Locale.ROOT, "%s %s %,d", project, operation, gas);
  }
}
