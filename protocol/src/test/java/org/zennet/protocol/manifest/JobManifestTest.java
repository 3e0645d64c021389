package org.zennet.protocol.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobManifestTest {
  private static final String HASH = "ab".repeat(32);

  static JobManifest sample() throws InvalidManifestException {
    return JobManifest.of("raytrace 8x8", HASH, 12_345, 64, 5_000_000_000L, 256, 30_000, 1 << 20,
        BigInteger.TEN.pow(15), 100, 0.05);
  }

  @Test
  void roundTripsThroughItsCanonicalJson() throws Exception {
    JobManifest m = sample();
    byte[] json = m.toJson();
    assertThat(JobManifest.parse(json)).isEqualTo(m);
    assertThat(JobManifest.parse(json).toJson()).isEqualTo(json);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .startsWith("{\"format\":\"zennet/job-manifest/1\",\"fuelPerTask\":5000000000,")
        .contains("\"maxPricePerMegaFuel\":\"1000000000000000\"");
    assertThat(m.moduleDigest()).hasSize(32).isEqualTo(HexFormat.of().parseHex(HASH));
    assertThat(m.maxPrice()).isEqualTo(BigInteger.TEN.pow(15));
    assertThat(JobManifest.sha256(json)).hasSize(32);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown field        | \"extra\":1                          | extra: unknown field",
      "format               | \"format\":\"zennet/job-manifest/2\" | format: must be",
      "hash upper case      | \"moduleSha256\":\"" + "AB" + "\"     | moduleSha256: must be 64",
      "negative fuel        | \"fuelPerTask\":-1                   | fuelPerTask: must be 1..",
      "fractional tasks     | \"taskCount\":1.5                    | taskCount: must be an integer",
      "huge number          | \"moduleSize\":99999999999999999999  | moduleSize: must be an integer",
      "price not a string   | \"maxPricePerMegaFuel\":5            | maxPricePerMegaFuel: must be a string",
      "price leading zero   | \"maxPricePerMegaFuel\":\"01\"       | maxPricePerMegaFuel: must be a decimal",
      "price above uint256  | \"maxPricePerMegaFuel\":\"" + "9" + "\" | ",
      "replication above 1  | \"replication\":1.5                  | replication: must be between 0 and 1",
      "memory above 4 GiB   | \"memoryPages\":65537                | memoryPages: must be 1..65536",
      "name blank           | \"name\":\" \"                       | name: must be 1..200",
      "name null            | \"name\":null                        | name: missing",
  })
  void rejectsABadFieldNamingIt(String what, String override, String message) throws Exception {
    if (what.equals("price above uint256")) {
      override = "\"maxPricePerMegaFuel\":\"" + BigInteger.ONE.shiftLeft(256) + "\"";
      message = "maxPricePerMegaFuel: must be a decimal uint256";
    }
    String json = new String(sample().toJson(), StandardCharsets.UTF_8);
    String key = override.substring(0, override.indexOf(':') + 1);
    String patched = json.contains(key)
        ? json.replaceFirst(java.util.regex.Pattern.quote(key) + "(\"[^\"]*\"|[^,}]*)",
            java.util.regex.Matcher.quoteReplacement(override))
        : json.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{" + override + ","));
    assertThatThrownBy(() -> JobManifest.parse(patched.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void rejectsAMissingField() throws Exception {
    String json = new String(sample().toJson(), StandardCharsets.UTF_8).replaceFirst("\"taskCount\":64,", "");
    assertThatThrownBy(() -> JobManifest.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessage("taskCount: missing")
        .extracting(e -> ((InvalidManifestException) e).field()).isEqualTo("taskCount");
  }

  @Test
  void rejectsHostileDocuments() {
    assertThatThrownBy(() -> JobManifest.parse(new byte[JobManifest.MAX_BYTES + 1]))
        .hasMessageContaining("more than 65536");
    assertThatThrownBy(() -> JobManifest.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("not a JSON document");
    assertThatThrownBy(() -> JobManifest.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("must be a JSON object");
    assertThatThrownBy(() -> JobManifest.parse("[".repeat(5000).getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("not a JSON document");
    assertThatThrownBy(() -> JobManifest.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0}))
        .isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> JobManifest.parse(new byte[0])).isInstanceOf(InvalidManifestException.class);
  }
}
