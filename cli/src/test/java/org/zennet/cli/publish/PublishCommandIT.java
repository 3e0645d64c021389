package org.zennet.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.cli.ZennetCliIT;
import org.zennet.cli.ZennetCliIT.Run;

/** {@code zennet publish} and {@code zennet jobs} as a publisher runs them, before anything is paid. */
class PublishCommandIT {
  @TempDir Path dir;

  private Path job(String yaml) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void aDryRunChecksTheJobRunsTaskZeroLocallyAndEstimatesTheCost() throws Exception {
    Path file = job("""
        name: pi-estimate
        sample: pi
        args:
          range: {from: 1, to: 40}
          template: ["200000", "{i}"]
        reduce: {sample: pisum}
        maxPricePerMegaFuel: 1000
        budget: "5"
        """);
    Run run = ZennetCliIT.zennet("publish", "--dry-run", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("job pi-estimate: 40 tasks, module sample pi", "replication 5%", "task 0 ran locally: exit 0",
        "estimate:", "budget 5 XEN", "the job file is valid");
  }

  @Test
  void aBadJobFileNamesTheFieldAndNothingRuns() throws Exception {
    Run missing = ZennetCliIT.zennet("publish", "--dry-run", job("""
        name: no-budget
        sample: pi
        args: {list: [["10", "1"]]}
        maxPricePerMegaFuel: 1000
        """).toString());
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("budget");

    Run typo = ZennetCliIT.zennet("publish", "--dry-run", job("""
        name: typo
        sample: pi
        args: {list: [["10", "1"]]}
        maxPricePerMegaFuel: 1000
        budget: "1"
        replicaton: 0.5
        """).toString());
    assertThat(typo.exit()).isNotZero();
    assertThat(typo.err()).contains("replicaton");

    Run replication = ZennetCliIT.zennet("publish", "--dry-run", job("""
        name: too-much
        sample: pi
        args: {list: [["10", "1"]]}
        maxPricePerMegaFuel: 1000
        budget: "1"
        replication: 2
        """).toString());
    assertThat(replication.exit()).isNotZero();
    assertThat(replication.err()).contains("replication: must be between 0 and 1");

    Run absent = ZennetCliIT.zennet("publish", "--dry-run", dir.resolve("nope.yaml").toString());
    assertThat(absent.exit()).isNotZero();
    assertThat(absent.err()).contains("nope.yaml");
  }

  @Test
  void publishingForRealNeedsAKeystore() throws Exception {
    Run run = ZennetCliIT.zennet("publish", job("""
        name: pi
        sample: pi
        args: {list: [["10", "1"]]}
        maxPricePerMegaFuel: 1000
        budget: "1"
        """).toString(), "--home", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--keystore is required");
  }

  @Test
  void jobsWithoutADatabaseSaysNothingWasPublishedFromThere() {
    Run run = ZennetCliIT.zennet("jobs", "--home", dir.toString());
    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("no publisher database", "no job was published from this --home");
  }
}
