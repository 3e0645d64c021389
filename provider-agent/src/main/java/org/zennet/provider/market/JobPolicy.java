package org.zennet.provider.market;

import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.zennet.contracts.market.JobEvent;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.provider.ProviderConfig;

/**
 * Which jobs the provider takes (docs/provider.md, "Which jobs"): first on what the {@code JobPosted} event says —
 * not expired, a publisher allowed and not denied, a maximum price at or above the floor, room for one more job —
 * then on the manifest's caps against the provider's. Each refusal says why, for the log.
 */
public final class JobPolicy {
  private final ProviderConfig config;
  private final Supplier<Set<String>> denied;

  /**
   * @param denied the publishers denied at this moment (the config's and those that stopped paying)
   */
  public JobPolicy(ProviderConfig config, Supplier<Set<String>> denied) {
    this.config = config;
    this.denied = denied;
  }

  /**
   * Why the job of {@code event} is not taken, or empty when it is worth dialling.
   *
   * @param now unix seconds (chain time)
   * @param activeJobs jobs under way or being negotiated
   */
  public Optional<String> refuse(JobEvent.Posted event, long now, int activeJobs) {
    String publisher = event.publisher();
    if (event.acceptBefore() <= now) {
      return Optional.of("it expired at " + event.acceptBefore() + " (now " + now + ")");
    }
    if (config.deny().contains(publisher) || denied.get().contains(publisher)) {
      return Optional.of("publisher " + publisher + " is on the deny list");
    }
    if (!config.allow().isEmpty() && !config.allow().contains(publisher)) {
      return Optional.of("publisher " + publisher + " is not on the allow list");
    }
    if (event.maxPricePerMegaFuel().compareTo(config.priceFloor()) < 0) {
      return Optional.of("it pays at most " + event.maxPricePerMegaFuel() + " wei per million fuel, below the floor of "
          + config.priceFloor());
    }
    if (activeJobs >= config.maxConcurrentJobs()) {
      return Optional.of("already " + activeJobs + " jobs under way (maxConcurrentJobs " + config.maxConcurrentJobs()
          + ")");
    }
    return Optional.empty();
  }

  /** Why the job's manifest is not acceptable, or empty when its caps fit the provider's. */
  public Optional<String> refuse(JobManifest manifest, BigInteger postedMaxPrice) {
    ProviderConfig.Caps caps = config.caps();
    if (!manifest.maxPrice().equals(postedMaxPrice)) {
      return Optional.of("the manifest's maxPricePerMegaFuel " + manifest.maxPricePerMegaFuel()
          + " differs from the posted " + postedMaxPrice);
    }
    if (manifest.fuelPerTask() > caps.maxFuelPerTask()) {
      return Optional.of("its tasks may use " + manifest.fuelPerTask() + " fuel, above caps.maxFuelPerTask "
          + caps.maxFuelPerTask());
    }
    if (manifest.memoryPages() > caps.maxMemoryPages()) {
      return Optional.of("its tasks may use " + manifest.memoryPages() + " memory pages, above caps.maxMemoryPages "
          + caps.maxMemoryPages());
    }
    if (manifest.taskTimeoutMillis() > caps.maxTaskTimeout().toMillis()) {
      return Optional.of("its tasks may run " + manifest.taskTimeoutMillis() + " ms, above caps.maxTaskTimeout "
          + caps.maxTaskTimeout().toMillis() + " ms");
    }
    if (manifest.maxOutputBytes() > caps.maxOutputBytes()) {
      return Optional.of("its tasks may write " + manifest.maxOutputBytes() + " bytes, above caps.maxOutputBytes "
          + caps.maxOutputBytes());
    }
    return Optional.empty();
  }
}
