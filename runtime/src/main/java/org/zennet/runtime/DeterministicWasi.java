package org.zennet.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The WASI preview 1 functions a task may import, as Chicory's {@link WasiPreview1} provides them but with
 * nothing of the host visible: no preopened directory (every path call fails with EBADF), no environment
 * variables, stdin/stdout/stderr bound to the task's own streams, and clock, random and poll made
 * deterministic:
 *
 * <ul>
 *   <li>{@code clock_time_get}: every clock reads a fixed instant; the realtime clock
 *       {@link #FIXED_REALTIME} (2025-01-01T00:00:00Z), the monotonic and CPU-time clocks 0.
 *       {@code clock_res_get} answers 1 ns.</li>
 *   <li>{@code random_get}: SplitMix64 seeded with the task's seed; each call takes ceil(len / 8) outputs
 *       and writes their little-endian bytes, dropping the unused tail of the last one.</li>
 *   <li>{@code poll_oneoff}: ENOTSUP (it could only sleep, which a deterministic task has no use for).</li>
 * </ul>
 */
public final class DeterministicWasi implements AutoCloseable {
  public static final String MODULE = "wasi_snapshot_preview1";
  public static final Instant FIXED_REALTIME = Instant.parse("2025-01-01T00:00:00Z");
  private static final int ESUCCESS = 0;
  private static final int EINVAL = 28;
  private static final int ENOTSUP = 58;
  private static final Set<String> REPLACED = Set.of("clock_time_get", "clock_res_get", "random_get", "poll_oneoff");

  private final WasiPreview1 wasi;
  private final HostFunction[] functions;
  private long randomState;

  public DeterministicWasi(TaskInput input, OutputStream stdout, OutputStream stderr) {
    WasiOptions options = WasiOptions.builder()
        .withStdin(new ByteArrayInputStream(input.stdin()), false)
        .withStdout(stdout, false)
        .withStderr(stderr, false)
        .withArguments(input.argv())
        .withClock(Clock.fixed(FIXED_REALTIME, ZoneOffset.UTC))
        .withRandom(new java.util.Random(input.seed())) // never read: random_get is replaced below
        .build();
    this.wasi = WasiPreview1.builder().withOptions(options).build();
    this.randomState = input.seed();
    List<HostFunction> list = new ArrayList<>();
    for (HostFunction f : wasi.toHostFunctions()) {
      if (!REPLACED.contains(f.name())) {
        list.add(f);
      }
    }
    list.add(new HostFunction(MODULE, "clock_time_get",
        FunctionType.of(List.of(ValType.I32, ValType.I64, ValType.I32), List.of(ValType.I32)),
        (instance, args) -> clockTimeGet(instance.memory(), (int) args[0], (int) args[2])));
    list.add(new HostFunction(MODULE, "clock_res_get",
        FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
        (instance, args) -> clockResGet(instance.memory(), (int) args[0], (int) args[1])));
    list.add(new HostFunction(MODULE, "random_get",
        FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
        (instance, args) -> randomGet(instance, (int) args[0], (int) args[1])));
    list.add(new HostFunction(MODULE, "poll_oneoff",
        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)),
        (instance, args) -> new long[] {ENOTSUP}));
    this.functions = list.toArray(HostFunction[]::new);
  }

  /** The names of every function a task may import from {@value #MODULE}. */
  public static Set<String> provided() {
    try (DeterministicWasi w = new DeterministicWasi(TaskInput.ofArgs(), OutputStream.nullOutputStream(),
        OutputStream.nullOutputStream())) {
      return Arrays.stream(w.functions).map(HostFunction::name).collect(Collectors.toUnmodifiableSet());
    }
  }

  public HostFunction[] functions() {
    return functions.clone();
  }

  private static long[] clockTimeGet(Memory memory, int clockId, int resultPtr) {
    long nanos;
    switch (clockId) {
      case 0 -> nanos = FIXED_REALTIME.getEpochSecond() * 1_000_000_000L;
      case 1, 2, 3 -> nanos = 0;
      default -> {
        return new long[] {EINVAL};
      }
    }
    memory.writeLong(resultPtr, nanos);
    return new long[] {ESUCCESS};
  }

  private static long[] clockResGet(Memory memory, int clockId, int resultPtr) {
    if (clockId < 0 || clockId > 3) {
      return new long[] {EINVAL};
    }
    memory.writeLong(resultPtr, 1);
    return new long[] {ESUCCESS};
  }

  private long[] randomGet(Instance instance, int buf, int len) {
    if (len < 0) {
      return new long[] {EINVAL};
    }
    Memory memory = instance.memory();
    byte[] chunk = new byte[Math.min(len, 4096)];
    int written = 0;
    while (written < len) {
      int n = Math.min(chunk.length, len - written);
      for (int i = 0; i < n; i += 8) {
        long v = nextRandom();
        for (int b = 0; b < 8 && i + b < n; b++) {
          chunk[i + b] = (byte) (v >>> (8 * b));
        }
      }
      memory.write(buf + written, chunk, 0, n);
      written += n;
    }
    return new long[] {ESUCCESS};
  }

  /** SplitMix64 (Steele, Lea and Flood, 2014). */
  private long nextRandom() {
    long z = (randomState += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public void close() {
    wasi.close();
  }
}
