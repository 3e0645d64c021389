package org.zennet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.cli.ZennetCliIT;
import org.zennet.cli.ZennetCliIT.Run;

/**
 * {@code zennet demo} as a user runs it: a whole job on a dev chain with a watcher and provider processes, the
 * result, the books checked to the wei, and nothing left running. The default ray tracer runs in the README's
 * command; here the smaller Monte Carlo job on two providers keeps the suite short.
 */
class DemoCommandIT {
  @TempDir Path dir;

  @Test
  void runsAJobOnTwoProviderProcessesAndTheBooksBalance() throws Exception {
    Path home = dir.resolve("home");
    Path out = dir.resolve("out");
    Run demo = ZennetCliIT.zennet("demo", "--providers", "2", "--job", "pi", "--home", home.toString(),
        "--out", out.toString());
    assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out()).contains("demo: demo-pi, 100 tasks, on 2 providers", "provider-1 ", "provider-2 ",
        "checked to the wei", "everything it started is stopped")
        .doesNotContain("DO NOT BALANCE");
    // the reduce step's line: hits, samples, the estimate
    String[] result = Files.readString(out.resolve("pi").resolve("result")).trim().split(" ");
    assertThat(result).hasSize(3);
    assertThat(Long.parseLong(result[1])).isEqualTo(100L * 200_000);
    assertThat(Double.parseDouble(result[2])).isBetween(3.13, 3.15);
    assertThat(4.0 * Long.parseLong(result[0]) / Long.parseLong(result[1])).isBetween(3.13, 3.15);
    // both providers worked and closed their channels: a row each with one transaction
    List<String> rows = demo.out().lines().filter(l -> l.matches("^provider-[12] +0x.*closed +1 +[0-9,]+$")).toList();
    assertThat(rows).as(demo.out()).hasSize(2);
    // every agent it started is gone
    for (String name : List.of("watcher", "provider-1", "provider-2")) {
      assertThat(Files.readString(home.resolve("logs").resolve(name + ".log"))).as(name).contains(name.startsWith(
          "watcher") ? "watcher stopped" : "provider stopped");
    }
    List<Long> pids = java.util.regex.Pattern.compile(" pid (\\d+)").matcher(demo.out()).results()
        .map(m -> Long.parseLong(m.group(1))).toList();
    assertThat(pids).as("chain, watcher and two providers").hasSize(4);
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid " + pid).isEmpty();
    }
  }

  @Test
  void badOptionsAreUsageErrors() {
    Run tooMany = ZennetCliIT.zennet("demo", "--providers", "17", "--home", dir.resolve("h").toString());
    assertThat(tooMany.exit()).isEqualTo(2);
    assertThat(tooMany.err()).contains("--providers: 1..16");
    Run noJob = ZennetCliIT.zennet("demo", "--job", dir.resolve("nothing.yaml").toString(), "--home",
        dir.resolve("h").toString());
    assertThat(noJob.exit()).isEqualTo(2);
    assertThat(noJob.err()).contains("neither a built-in job (raytrace, wordcount, pi) nor a job file");
  }

  @Test
  void aBadJobFileNamesTheField() throws Exception {
    Path job = Files.writeString(dir.resolve("job.yaml"), """
        name: mine
        sample: pi
        args: {range: {from: 1, to: 3}, template: ["10", "{i}"]}
        maxPricePerMegaFuel: -5
        budget: "1"
        """);
    Run bad = ZennetCliIT.zennet("demo", "--job", job.toString(), "--home", dir.resolve("h").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("maxPricePerMegaFuel");
  }
}
