package org.zennet.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnsignedVarintTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The examples of https://github.com/multiformats/unsigned-varint, plus the 9-byte maximum. */
  @ParameterizedTest
  @CsvSource({
      "1, 01", "127, 7f", "128, 8001", "255, ff01", "300, ac02", "16384, 808001",
      "0, 00", "9223372036854775807, ffffffffffffffff7f"})
  void encodesAndDecodesTheSpecVectors(long value, String hex) throws Exception {
    assertThat(HEX.formatHex(UnsignedVarint.encode(value))).isEqualTo(hex);
    assertThat(UnsignedVarint.encodedLength(value)).isEqualTo(hex.length() / 2);
    assertThat(UnsignedVarint.decodeExact(HEX.parseHex(hex))).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8000", "8100", "ff00", "808000", "ffffffffffffffff00"})
  void rejectsNonMinimalEncodings(String hex) {
    assertThatThrownBy(() -> UnsignedVarint.decodeExact(HEX.parseHex(hex)))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not minimally encoded");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ffffffffffffffffff01", "80808080808080808001", "ffffffffffffffffff"})
  void rejectsMoreThanNineBytes(String hex) {
    assertThatThrownBy(() -> UnsignedVarint.decode(Buffer.buffer(HEX.parseHex(hex)), 0))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("longer than 9 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "80", "ff", "ffffffffffffffff"})
  void reportsATruncatedVarintAsIncomplete(String hex) throws Exception {
    assertThat(UnsignedVarint.decode(Buffer.buffer(HEX.parseHex(hex)), 0)).isEmpty();
  }

  @Property
  void roundTripsEveryValue(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) throws Exception {
    byte[] encoded = UnsignedVarint.encode(value);
    assertThat(encoded.length).isBetween(1, UnsignedVarint.MAX_BYTES);
    assertThat(UnsignedVarint.decodeExact(encoded)).isEqualTo(value);
  }

  @Property
  void refusesNegativeValues(@ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long value) {
    assertThatThrownBy(() -> UnsignedVarint.encode(value)).isInstanceOf(IllegalArgumentException.class);
  }
}
