package org.zennet.protocol.varint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UnsignedVarintTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesTheSpecExamples() {
    // multiformats/unsigned-varint README, "Examples"
    assertThat(HEX.formatHex(UnsignedVarint.encode(1))).isEqualTo("01");
    assertThat(HEX.formatHex(UnsignedVarint.encode(127))).isEqualTo("7f");
    assertThat(HEX.formatHex(UnsignedVarint.encode(128))).isEqualTo("8001");
    assertThat(HEX.formatHex(UnsignedVarint.encode(255))).isEqualTo("ff01");
    assertThat(HEX.formatHex(UnsignedVarint.encode(300))).isEqualTo("ac02");
    assertThat(HEX.formatHex(UnsignedVarint.encode(16384))).isEqualTo("808001");
    assertThat(HEX.formatHex(UnsignedVarint.encode(0))).isEqualTo("00");
  }

  @Test
  void rejectsNonMinimalEncodings() {
    // the spec's own example: 0x81 0x00 is a Go varint for 1, not a multiformats one
    assertThatThrownBy(() -> UnsignedVarint.decode(HEX.parseHex("8100"), 0)).isInstanceOf(VarintException.class);
    assertThatThrownBy(() -> UnsignedVarint.decode(HEX.parseHex("808000"), 0)).isInstanceOf(VarintException.class);
  }

  @Test
  void rejectsMoreThanNineBytes() throws VarintException {
    assertThat(UnsignedVarint.decode(HEX.parseHex("ffffffffffffffff7f"), 0).value()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> UnsignedVarint.decode(HEX.parseHex("80808080808080808001"), 0))
        .isInstanceOf(VarintException.class).hasMessageContaining("longer than 9");
  }

  @Test
  void reportsTruncationAsNeedMoreWhenStreaming() throws VarintException {
    assertThat(UnsignedVarint.tryDecode(HEX.parseHex("ac"), 0, 1)).isNull();
    assertThat(UnsignedVarint.tryDecode(Buffer.buffer(HEX.parseHex("ac")), 0)).isNull();
    assertThatThrownBy(() -> UnsignedVarint.decode(HEX.parseHex("ac"), 0)).isInstanceOf(VarintException.class);
  }

  @Property
  void roundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) throws VarintException {
    byte[] encoded = UnsignedVarint.encode(value);
    assertThat(encoded.length).isEqualTo(UnsignedVarint.encodedLength(value)).isLessThanOrEqualTo(9);
    assertThat(UnsignedVarint.decode(encoded, 0)).isEqualTo(new UnsignedVarint.Decoded(value, encoded.length));
    assertThat(UnsignedVarint.tryDecode(Buffer.buffer(encoded), 0)).isEqualTo(new UnsignedVarint.Decoded(value, encoded.length));
  }

  @Property
  void randomBytesDecodeOrFailTyped(@ForAll byte[] bytes) {
    try {
      UnsignedVarint.Decoded d = UnsignedVarint.tryDecode(bytes, 0, bytes.length);
      if (d != null) {
        assertThat(UnsignedVarint.encode(d.value())).containsExactly(java.util.Arrays.copyOf(bytes, d.length()));
      }
    } catch (VarintException expected) {
      // typed
    }
  }
}
