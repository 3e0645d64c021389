package org.zennet.publisher;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the publisher agent runs (the job itself is a {@link org.zennet.publisher.job.JobSpec}).
 *
 * @param database the SQLite file of its state
 * @param listen the multiaddr it listens on for providers (a job resumed after a restart listens where it did)
 * @param announce the multiaddr posted as the job's endpoint, when it differs from the listen address (NAT,
 *     0.0.0.0); null to post the listen address
 * @param closeGrace after {@code closeJob}, how long providers get to close their channels themselves
 *     before the publisher starts closing the rest
 * @param providerGone how long a provider may stay disconnected before its runs are no longer waited for
 * @param channelBatchDelay how long agreements that arrive after the bidding window wait to be opened together
 * @param verificationWait how long a replica may wait for a second provider (see SchedulerConfig)
 * @param waitForSettle whether to wait out the challenge period and settle the channels it closed (else
 *     {@code zennet jobs settle} does it later)
 */
public record PublisherConfig(Path database, String listen, String announce, Duration closeGrace,
    Duration providerGone, Duration channelBatchDelay, Duration verificationWait, boolean waitForSettle) {
  public static final String DEFAULT_LISTEN = "/ip4/127.0.0.1/tcp/0";
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(20);
  public static final Duration DEFAULT_PROVIDER_GONE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_CHANNEL_BATCH_DELAY = Duration.ofMillis(500);
  public static final Duration DEFAULT_VERIFICATION_WAIT = Duration.ofSeconds(30);

  public PublisherConfig {
    if (database == null) {
      throw new IllegalArgumentException("database: the SQLite file of the publisher's state is required");
    }
    listen = listen == null ? DEFAULT_LISTEN : listen;
    closeGrace = closeGrace == null ? DEFAULT_CLOSE_GRACE : closeGrace;
    providerGone = providerGone == null ? DEFAULT_PROVIDER_GONE : providerGone;
    channelBatchDelay = channelBatchDelay == null ? DEFAULT_CHANNEL_BATCH_DELAY : channelBatchDelay;
    verificationWait = verificationWait == null ? DEFAULT_VERIFICATION_WAIT : verificationWait;
    for (Duration d : new Duration[] {closeGrace, providerGone, channelBatchDelay, verificationWait}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative, got " + d);
      }
    }
  }

  /** Defaults with the state in {@code database}. */
  public static PublisherConfig defaults(Path database) {
    return new PublisherConfig(database, null, null, null, null, null, null, false);
  }

  public PublisherConfig withListen(String address) {
    return new PublisherConfig(database, address, announce, closeGrace, providerGone, channelBatchDelay,
        verificationWait, waitForSettle);
  }

  public PublisherConfig withCloseGrace(Duration grace) {
    return new PublisherConfig(database, listen, announce, grace, providerGone, channelBatchDelay, verificationWait,
        waitForSettle);
  }

  public PublisherConfig withWaitForSettle(boolean wait) {
    return new PublisherConfig(database, listen, announce, closeGrace, providerGone, channelBatchDelay,
        verificationWait, wait);
  }

  public PublisherConfig withVerificationWait(Duration wait) {
    return new PublisherConfig(database, listen, announce, closeGrace, providerGone, channelBatchDelay, wait,
        waitForSettle);
  }
}
