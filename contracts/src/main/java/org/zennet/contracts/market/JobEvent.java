package org.zennet.contracts.market;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.zennet.contracts.generated.JobMarket;

/** The events of {@code JobMarket}, decoded from logs. Addresses are 0x-hex lower case. */
public sealed interface JobEvent {
  /** Topic 0 of {@code JobPosted}. */
  String JOB_POSTED = EventEncoder.encode(JobMarket.JOBPOSTED_EVENT);
  /** Topic 0 of {@code JobClosed}. */
  String JOB_CLOSED = EventEncoder.encode(JobMarket.JOBCLOSED_EVENT);

  /** The job the event is about. */
  BigInteger jobId();

  /**
   * A publisher announced a job.
   *
   * @param manifestHash the SHA-256 of the job manifest, 32 bytes
   * @param acceptBefore unix seconds; the job takes no providers from then on
   * @param endpoint the publisher's multiaddr, as posted (not checked by the contract)
   */
  record Posted(BigInteger jobId, String publisher, byte[] manifestHash, BigInteger maxPricePerMegaFuel,
      BigInteger budget, long acceptBefore, String endpoint) implements JobEvent {
    public Posted {
      manifestHash = manifestHash.clone();
    }

    @Override
    public byte[] manifestHash() {
      return manifestHash.clone();
    }
  }

  /** The publisher closed the job. */
  record Closed(BigInteger jobId) implements JobEvent {}

  /** The job event in {@code log}, or empty when it is another event or not decodable. */
  static Optional<JobEvent> decode(Log log) {
    if (log.getTopics() == null || log.getTopics().isEmpty()) {
      return Optional.empty();
    }
    String topic = log.getTopics().get(0);
    try {
      if (JOB_POSTED.equals(topic)) {
        var e = JobMarket.getJobPostedEventFromLog(log);
        return Optional.of(new Posted(e.jobId, e.publisher.toLowerCase(Locale.ROOT), e.manifestHash,
            e.maxPricePerMegaFuel, e.budget, e.acceptBefore.longValueExact(), e.endpoint));
      } else if (JOB_CLOSED.equals(topic)) {
        return Optional.of(new Closed(JobMarket.getJobClosedEventFromLog(log).jobId));
      }
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
