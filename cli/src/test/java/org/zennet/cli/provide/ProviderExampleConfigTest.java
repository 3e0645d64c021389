package org.zennet.cli.provide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.cli.ConfigFile;
import org.zennet.provider.ProviderConfig;
import picocli.CommandLine;

/**
 * docs/provider.example.yaml is read by the real config reader, holds the defaults it claims, and names every
 * field of {@link ProviderConfig} (set or commented), so that it cannot rot when a field is added or renamed.
 */
class ProviderExampleConfigTest {
  private static final Pattern COMMENTED_KEY = Pattern.compile("^\\s*#\\s*([A-Za-z]+):", Pattern.MULTILINE);

  @TempDir Path home;

  static Path docs() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs").resolve("provider.example.yaml"))) {
        return dir.resolve("docs");
      }
    }
    throw new AssertionError("no docs/provider.example.yaml above " + Path.of("").toAbsolutePath());
  }

  @Test
  void theExampleIsAValidConfigWithTheDefaultsItStates() {
    Path example = docs().resolve("provider.example.yaml");
    ProviderConfig c = ConfigFile.read(example, ProviderConfig.class);

    assertThat(c.keystore()).isEqualTo(docs().resolve("keystore/provider.json"));
    assertThat(c.passwordFile()).isEqualTo(docs().resolve("secret.txt"));
    assertThat(c.passwordEnv()).isNull();
    assertThat(c.deployment()).isEqualTo(docs().resolve("deployment.json"));
    assertThat(c.rpcUrl()).isNull();
    assertThat(c.wsUrl()).isNull();
    assertThat(c.dataDir()).isEqualTo(docs().resolve("provider-data"));
    assertThat(c.database(home)).isEqualTo(docs().resolve("provider-data").resolve("provider.sqlite"));
    assertThat(c.listen()).isEqualTo("/ip4/0.0.0.0/tcp/7410");
    assertThat(c.announce()).isNull();
    assertThat(c.priceFloor()).isEqualTo(ProviderConfig.DEFAULT_PRICE_FLOOR);
    assertThat(c.slots()).isEqualTo(2);
    assertThat(c.fuelPerSecond()).as("0 measures at start-up").isZero();
    assertThat(c.maxConcurrentJobs()).isEqualTo(ProviderConfig.DEFAULT_MAX_CONCURRENT_JOBS);
    assertThat(c.caps()).isEqualTo(ProviderConfig.Caps.DEFAULT);
    assertThat(c.allow()).isEmpty();
    assertThat(c.deny()).containsExactly("0x000000000000000000000000000000000000dead");
    assertThat(c.watchers()).isEmpty();
    assertThat(c.redeemThreshold()).isEqualTo(ProviderConfig.DEFAULT_REDEEM_THRESHOLD);
    assertThat(c.redeemThresholdWei()).isEqualTo(BigInteger.TEN.pow(19));
    assertThat(c.timeouts()).isEqualTo(ProviderConfig.Timeouts.DEFAULT);
    assertThat(c.metricsPort()).isEqualTo(9410);
  }

  @Test
  void theExampleNamesEveryFieldOfTheConfig() throws Exception {
    String text = Files.readString(docs().resolve("provider.example.yaml"));
    JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(text);
    Set<String> named = new HashSet<>();
    tree.fieldNames().forEachRemaining(named::add);
    tree.path("caps").fieldNames().forEachRemaining(f -> named.add("caps." + f));
    tree.path("timeouts").fieldNames().forEachRemaining(f -> named.add("timeouts." + f));
    Matcher commented = COMMENTED_KEY.matcher(text);
    while (commented.find()) {
      named.add(commented.group(1));
    }
    assertThat(named).containsAll(fields());
  }

  @Test
  void theGuideDocumentsEveryFieldOfTheConfig() throws Exception {
    String guide = Files.readString(docs().resolve("provider.md"));
    assertThat(fields()).allSatisfy(f -> assertThat(guide).as("docs/provider.md names `%s`", f).contains("`" + f + "`"));
  }

  @Test
  void aConfigWithOnlyTheRequiredFieldsGetsEveryDefaultAndItsDataUnderHome() throws Exception {
    Path file = Files.writeString(home.resolve("provider.yaml"), """
        keystore: key.json
        deployment: deployment.json
        """);
    ProvideCommand command = new ProvideCommand();
    new CommandLine(command).parseArgs("--home", home.toString(), "--config", file.toString());
    ProviderConfig c = ProvideCommand.load(command.configFile, command.state);
    assertThat(c.dataDir()).isEqualTo(home.resolve("provider"));
    assertThat(c.listen()).isEqualTo(ProviderConfig.DEFAULT_LISTEN);
    assertThat(c.priceFloor()).isEqualTo(ProviderConfig.DEFAULT_PRICE_FLOOR);
    assertThat(c.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.caps().maxTaskTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.timeouts().stopGrace()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.metricsPort()).as("no metrics endpoint unless asked for").isNull();
    assertThat(c.redeemThresholdWei()).isEqualTo(BigInteger.TEN.pow(19));
  }

  /** Every field of the config as the YAML names it: top-level, then caps.* and timeouts.*. */
  static List<String> fields() {
    List<String> out = new java.util.ArrayList<>();
    Arrays.stream(ProviderConfig.class.getRecordComponents()).forEach(r -> out.add(r.getName()));
    Arrays.stream(ProviderConfig.Caps.class.getRecordComponents()).forEach(r -> out.add("caps." + r.getName()));
    Arrays.stream(ProviderConfig.Timeouts.class.getRecordComponents()).forEach(r -> out.add("timeouts." + r.getName()));
    return out;
  }
}
