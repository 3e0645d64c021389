package org.zennet.publisher.market;

import java.math.BigInteger;
import java.time.Duration;
import org.web3j.crypto.ECKeyPair;

/**
 * What the publisher offers on one job, as the negotiation needs it.
 *
 * @param chainId the chain of the job
 * @param jobMarket the JobMarket contract, 0x-hex
 * @param jobId the job's id on chain
 * @param publisher the publisher's account, 0x-hex lower case
 * @param key the publisher's account key, to sign agreements
 * @param manifest the manifest document as posted
 * @param manifestSha256 its SHA-256
 * @param maxPricePerMegaFuel the ceiling posted on chain
 * @param targetPricePerMegaFuel what bids above it are countered with
 * @param paymentIncrementMegaFuel the manifest's increment
 * @param channelDeposit what each provider's channel is opened with
 * @param maxSlots the most slots one provider is given
 * @param agreementLifetime how far ahead {@code expires_at} is (at most one hour)
 */
public record JobOffer(long chainId, String jobMarket, BigInteger jobId, String publisher, ECKeyPair key,
    byte[] manifest, byte[] manifestSha256, BigInteger maxPricePerMegaFuel, BigInteger targetPricePerMegaFuel,
    long paymentIncrementMegaFuel, BigInteger channelDeposit, int maxSlots, Duration agreementLifetime) {
  /** Counter-offers after which either side rejects (docs/protocol.md). */
  public static final int MAX_ROUNDS = 4;
  public static final int DEFAULT_MAX_SLOTS = 64;
  public static final Duration DEFAULT_AGREEMENT_LIFETIME = Duration.ofMinutes(30);

  public JobOffer {
    if (agreementLifetime.isNegative() || agreementLifetime.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("an agreement expires at most one hour ahead");
    }
    if (channelDeposit.signum() <= 0) {
      throw new IllegalArgumentException("the channel deposit must be positive");
    }
  }
}
