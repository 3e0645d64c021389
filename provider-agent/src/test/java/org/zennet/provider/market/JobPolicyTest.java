package org.zennet.provider.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zennet.contracts.market.JobEvent;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.provider.ProviderConfig;

/** Which jobs the provider takes: expiry, lists, floor, concurrency, and the manifest's caps. */
class JobPolicyTest {
  static final String PUBLISHER = "0x" + "11".repeat(20);
  static final String OTHER = "0x" + "22".repeat(20);

  static ProviderConfig config(List<String> allow, List<String> deny, ProviderConfig.Caps caps) {
    return new ProviderConfig(Path.of("k.json"), null, null, Path.of("d.json"), null, null, Path.of("data"), null, null,
        BigInteger.valueOf(1000), 2, 1L, 2, caps, allow, deny, null, null, null, null);
  }

  static JobEvent.Posted posted(String publisher, long price, long acceptBefore) {
    return new JobEvent.Posted(BigInteger.ONE, publisher, new byte[32], BigInteger.valueOf(price), BigInteger.TEN,
        acceptBefore, "/ip4/127.0.0.1/tcp/1");
  }

  static JobManifest manifest(long fuel, int pages, long timeoutMillis, long output, long price) throws Exception {
    return JobManifest.of("job", "ab".repeat(32), 100, 4, fuel, pages, timeoutMillis, output, BigInteger.valueOf(price),
        10, 0);
  }

  private final JobPolicy open = new JobPolicy(config(List.of(), List.of(), null), Set::of);

  @Test
  void takesAJobAtOrAboveTheFloorThatHasNotExpired() {
    assertThat(open.refuse(posted(PUBLISHER, 1000, 200), 100, 0)).isEmpty();
  }

  @Test
  void skipsExpiredJobs() {
    assertThat(open.refuse(posted(PUBLISHER, 1000, 100), 100, 0)).hasValueSatisfying(w -> assertThat(w).contains("expired"));
  }

  @Test
  void neverGoesBelowTheFloor() {
    assertThat(open.refuse(posted(PUBLISHER, 999, 200), 100, 0)).hasValueSatisfying(w -> assertThat(w).contains("floor"));
  }

  @Test
  void honoursAllowAndDenyListsAndThePublishersThatStoppedPaying() {
    JobPolicy allowOnly = new JobPolicy(config(List.of(PUBLISHER), List.of(), null), Set::of);
    assertThat(allowOnly.refuse(posted(PUBLISHER, 1000, 200), 100, 0)).isEmpty();
    assertThat(allowOnly.refuse(posted(OTHER, 1000, 200), 100, 0)).hasValueSatisfying(w -> assertThat(w).contains("allow"));
    JobPolicy deny = new JobPolicy(config(List.of(), List.of(OTHER), null), Set::of);
    assertThat(deny.refuse(posted(OTHER, 1000, 200), 100, 0)).hasValueSatisfying(w -> assertThat(w).contains("deny"));
    JobPolicy learnt = new JobPolicy(config(List.of(), List.of(), null), () -> Set.of(PUBLISHER));
    assertThat(learnt.refuse(posted(PUBLISHER, 1000, 200), 100, 0)).hasValueSatisfying(w -> assertThat(w).contains("deny"));
  }

  @Test
  void takesNoMoreThanMaxConcurrentJobs() {
    assertThat(open.refuse(posted(PUBLISHER, 1000, 200), 100, 2)).hasValueSatisfying(w -> assertThat(w)
        .contains("maxConcurrentJobs"));
  }

  @Test
  void refusesAManifestAboveTheCaps() throws Exception {
    ProviderConfig.Caps caps = new ProviderConfig.Caps(1_000_000L, 16, Duration.ofSeconds(5), 1000L, null);
    JobPolicy capped = new JobPolicy(config(List.of(), List.of(), caps), Set::of);
    BigInteger price = BigInteger.valueOf(1000);
    assertThat(capped.refuse(manifest(1_000_000, 16, 5000, 1000, 1000), price)).isEmpty();
    assertThat(capped.refuse(manifest(1_000_001, 16, 5000, 1000, 1000), price)).hasValueSatisfying(w -> assertThat(w)
        .contains("maxFuelPerTask"));
    assertThat(capped.refuse(manifest(1_000_000, 17, 5000, 1000, 1000), price)).hasValueSatisfying(w -> assertThat(w)
        .contains("maxMemoryPages"));
    assertThat(capped.refuse(manifest(1_000_000, 16, 5001, 1000, 1000), price)).hasValueSatisfying(w -> assertThat(w)
        .contains("maxTaskTimeout"));
    assertThat(capped.refuse(manifest(1_000_000, 16, 5000, 1001, 1000), price)).hasValueSatisfying(w -> assertThat(w)
        .contains("maxOutputBytes"));
    assertThat(capped.refuse(manifest(1_000_000, 16, 5000, 1000, 2000), price)).as("a manifest that posts another price")
        .hasValueSatisfying(w -> assertThat(w).contains("differs"));
  }
}
