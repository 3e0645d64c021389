package org.zennet.runtime.fuel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.zennet.runtime.Samples;

class FuelInstrumenterTest {
  private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

  /** A module of one function () -> () with {@code body} (locals declaration included) exported as _start. */
  static byte[] module(int... body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HEADER);
    out.writeBytes(new byte[] {1, 4, 1, 0x60, 0, 0}); // type section
    out.writeBytes(new byte[] {3, 2, 1, 0}); // function section
    out.writeBytes(new byte[] {7, 10, 1, 6, '_', 's', 't', 'a', 'r', 't', 0, 0}); // export section
    out.write(10);
    out.write(body.length + 2);
    out.write(1);
    out.write(body.length);
    for (int b : body) {
      out.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void aModuleWithoutGlobalsGetsTheFuelGlobalAsGlobalZero() {
    MeteredModule m = FuelInstrumenter.instrument(module(0x00, 0x01, 0x0B)); // nop
    WasmModule parsed = Parser.parse(m.bytes());
    assertThat(m.fuelGlobalIndex()).isZero();
    assertThat(m.fuelGlobalOrdinal()).isZero();
    assertThat(parsed.globalSection().globalCount()).isEqualTo(1);
    assertThat(m.segments()).isEqualTo(1);
  }

  @Test
  void everySampleStaysValidAndKeepsItsOtherSections() {
    for (Samples.Sample s : Samples.all()) {
      byte[] original = s.bytes();
      MeteredModule m = FuelInstrumenter.instrument(original);
      WasmModule before = Parser.parse(original);
      WasmModule after = Parser.parse(m.bytes());
      assertThat(after.globalSection().globalCount()).isEqualTo(before.globalSection().globalCount() + 1);
      assertThat(after.importSection().importCount()).isEqualTo(before.importSection().importCount());
      assertThat(after.exportSection().exportCount()).isEqualTo(before.exportSection().exportCount());
      assertThat(after.functionSection().functionCount()).isEqualTo(before.functionSection().functionCount());
      assertThat(m.segments()).isPositive();
    }
  }

  @Test
  void codeThatWouldReachTheFuelGlobalIsRefused() {
    // global.get 0 in a module without globals: after instrumentation it would read the fuel
    assertThatThrownBy(() -> FuelInstrumenter.instrument(module(0x00, 0x23, 0x00, 0x1A, 0x0B)))
        .isInstanceOf(MalformedModuleException.class).hasMessageContaining("global index 0");
    // local.get 0 in a function without locals: after instrumentation it would be the scratch local
    assertThatThrownBy(() -> FuelInstrumenter.instrument(module(0x00, 0x20, 0x00, 0x1A, 0x0B)))
        .isInstanceOf(MalformedModuleException.class).hasMessageContaining("local index 0");
  }

  @Test
  void unmeteredFeaturesAreRefusedByName() {
    assertThatThrownBy(() -> FuelInstrumenter.instrument(module(0x00, 0xFD, 0x0C, 0x0B)))
        .hasMessageContaining("SIMD");
    assertThatThrownBy(() -> FuelInstrumenter.instrument(module(0x00, 0x12, 0x00, 0x0B)))
        .hasMessageContaining("tail calls");
    assertThatThrownBy(() -> FuelInstrumenter.instrument(module(0x00, 0xFE, 0x00, 0x0B)))
        .hasMessageContaining("threads");
  }

  @Test
  void garbageIsMalformed() {
    assertThatThrownBy(() -> FuelInstrumenter.instrument(new byte[] {1, 2, 3}))
        .isInstanceOf(MalformedModuleException.class);
    assertThatThrownBy(() -> FuelInstrumenter.instrument(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 10, 100}))
        .isInstanceOf(MalformedModuleException.class).hasMessageContaining("past the end");
    assertThatThrownBy(() -> FuelInstrumenter.instrument(module(0x00, 0x01)))
        .isInstanceOf(MalformedModuleException.class).hasMessageContaining("end");
  }

  @Test
  void leb128RoundTrips() {
    long[] values = {0, 1, -1, 63, 64, -64, -65, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE, 624485, -123456};
    for (long v : values) {
      byte[] b = new WasmOutput().s64(v).toByteArray();
      assertThat(new WasmInput(b, 0, b.length).signed(64)).as("s64 %d", v).isEqualTo(v);
    }
    for (long v : new long[] {0, 1, 127, 128, 624485, 0xFFFF_FFFFL}) {
      byte[] b = new WasmOutput().u32(v).toByteArray();
      assertThat(new WasmInput(b, 0, b.length).u32() & 0xFFFF_FFFFL).as("u32 %d", v).isEqualTo(v);
    }
  }
}
