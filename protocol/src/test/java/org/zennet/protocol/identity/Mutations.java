package org.zennet.protocol.identity;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Byte mutations of valid seeds for fuzzing: flip, insert, delete, truncate, splice in random bytes. */
public final class Mutations {
  private Mutations() {}

  /** @return an arbitrary of seeds with up to three random mutations each */
  public static Arbitrary<byte[]> of(byte[]... seeds) {
    Arbitrary<byte[]> seed = Arbitraries.of(Arrays.asList(seeds)).map(byte[]::clone);
    Arbitrary<int[]> ops = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(1).ofMaxSize(9);
    return Combinators.combine(seed, ops).as(Mutations::apply);
  }

  static byte[] apply(byte[] data, int[] ops) {
    byte[] d = data;
    for (int i = 0; i + 2 < ops.length + 2 && i < ops.length; i += 3) {
      int op = ops[i] % 6;
      int a = i + 1 < ops.length ? ops[i + 1] : 0;
      int b = i + 2 < ops.length ? ops[i + 2] : 0;
      int pos = d.length == 0 ? 0 : a % d.length;
      switch (op) {
        case 0 -> { if (d.length > 0) d[pos] ^= (byte) (1 << (b % 8)); }
        case 1 -> { if (d.length > 0) d[pos] = (byte) b; }
        case 2 -> d = Arrays.copyOf(d, d.length == 0 ? 0 : a % d.length);
        case 3 -> {
          byte[] n = new byte[d.length + 1];
          System.arraycopy(d, 0, n, 0, pos);
          n[pos] = (byte) b;
          System.arraycopy(d, pos, n, pos + 1, d.length - pos);
          d = n;
        }
        case 4 -> {
          if (d.length > 0) {
            byte[] n = new byte[d.length - 1];
            System.arraycopy(d, 0, n, 0, pos);
            System.arraycopy(d, pos + 1, n, pos, d.length - pos - 1);
            d = n;
          }
        }
        default -> { if (d.length > 0) d[pos] = (byte) (0x80 | b); } // varint-ish continuation bytes
      }
    }
    return d;
  }
}
