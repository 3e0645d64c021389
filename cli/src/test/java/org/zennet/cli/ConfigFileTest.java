package org.zennet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  record Limits(int slots, Duration timeout) {
    Limits {
      if (slots < 1) {
        throw new IllegalArgumentException("slots must be at least 1, got " + slots);
      }
    }
  }

  record Sample(Path data, BigInteger price, Limits limits, List<String> deny) {}

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("sample.yaml"), yaml);
  }

  @Test
  void readsARecordResolvingPathsAgainstTheFileAndDurationsWithUnits() throws IOException {
    Sample s = ConfigFile.read(write("""
        data: state/db.sqlite
        price: 1000000000000000000000
        limits: {slots: 4, timeout: 250ms}
        deny: 0xabc
        """), Sample.class);
    assertThat(s.data()).isEqualTo(dir.resolve("state/db.sqlite"));
    assertThat(s.price()).isEqualTo(new BigInteger("1000000000000000000000"));
    assertThat(s.limits()).isEqualTo(new Limits(4, Duration.ofMillis(250)));
    assertThat(s.deny()).containsExactly("0xabc");
    assertThat(ConfigFile.read(write("limits: {slots: 1, timeout: 90}\n"), Sample.class).limits().timeout())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(ConfigFile.read(write("limits: {slots: 1, timeout: PT2M}\n"), Sample.class).limits().timeout())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void namesTheFieldAndLineOfWhatIsWrong() throws IOException {
    Path file = write("data: x\nlimits:\n  slots: 0\n");
    assertThatThrownBy(() -> ConfigFile.read(file, Sample.class)).isInstanceOf(UserError.class)
        .hasMessageContaining("sample.yaml").hasMessageContaining("slots must be at least 1, got 0");
    assertThatThrownBy(() -> ConfigFile.read(write("limits: {slots: 1, timeout: soon}\n"), Sample.class))
        .hasMessageContaining("field 'limits.timeout'").hasMessageContaining("250ms, 30s");
    assertThatThrownBy(() -> ConfigFile.read(write("data: x\nslot: 3\n"), Sample.class))
        .hasMessageContaining("field 'slot'").hasMessageContaining("unknown field 'slot'").hasMessageContaining("known: data, deny");
    assertThatThrownBy(() -> ConfigFile.read(write("limits: {slots: many}\n"), Sample.class))
        .hasMessageContaining("field 'limits.slots'");
  }

  @Test
  void refusesWhatIsNotYamlOrNotThere() throws IOException {
    assertThatThrownBy(() -> ConfigFile.read(write("data: \"unterminated\n"), Sample.class))
        .isInstanceOf(UserError.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.yaml"), Sample.class))
        .hasMessageContaining("no such file");
    Path big = Files.writeString(dir.resolve("big.yaml"), "x".repeat((int) ConfigFile.MAX_BYTES + 1));
    assertThatThrownBy(() -> ConfigFile.read(big, Sample.class)).hasMessageContaining("at most");
  }
}
