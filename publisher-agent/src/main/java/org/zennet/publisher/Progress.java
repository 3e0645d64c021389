package org.zennet.publisher;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a running job stands, for a progress bar.
 *
 * @param phase what the publisher is doing ("bidding", "running", "closing", ...)
 * @param done tasks settled
 * @param total tasks in the job
 * @param failed tasks given up
 * @param providers providers working now
 * @param spent XEN wei signed to providers so far
 * @param elapsed since the job was posted (or resumed)
 */
public record Progress(String phase, int done, int total, int failed, int providers, BigInteger spent,
    Duration elapsed) {
  /** The estimated time left, from the pace so far. */
  public Optional<Duration> eta() {
    if (done == 0 || done >= total) {
      return Optional.empty();
    }
    return Optional.of(elapsed.multipliedBy(total - done).dividedBy(done));
  }
}
