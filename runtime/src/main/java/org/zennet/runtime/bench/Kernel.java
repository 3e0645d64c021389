package org.zennet.runtime.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zennet.runtime.Samples.Sample;
import org.zennet.runtime.TaskInput;

/**
 * A benchmark kernel: a bundled sample with a fixed input.
 *
 * @param id the row's stable name
 * @param sample the module
 * @param input stdin and argv
 */
public record Kernel(String id, Sample sample, TaskInput input) {

  /** The standard kernels: each runs for a few hundred milliseconds on Chicory's compiler. */
  public static List<Kernel> standard() {
    return List.of(
        new Kernel("wordcount", Sample.WORDCOUNT, new TaskInput(text(4 << 20), List.of(), 0)),
        new Kernel("pi", Sample.PI, TaskInput.ofArgs("10000000", "1")),
        new Kernel("raytrace", Sample.RAYTRACE, TaskInput.ofArgs("320", "240", "0", "0", "320", "240")));
  }

  /** Deterministic English-like text of about {@code bytes} bytes, words drawn from a small Zipf-ish vocabulary. */
  static byte[] text(int bytes) {
    String[] vocabulary = ("the of and to in a is that for it as was with be by on not he this are or his from at which "
        + "but have an they you were her she there been one all we their has would when if so no will its more "
        + "compute market provider publisher fuel token channel voucher sandbox module task job slot price").split(" ");
    StringBuilder out = new StringBuilder(bytes + 32);
    long state = 0x2545F4914F6CDD1DL;
    while (out.length() < bytes) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      int r = (int) ((state >>> 1) % (vocabulary.length * (vocabulary.length + 1) / 2));
      int i = 0;
      while (r >= vocabulary.length - i) {
        r -= vocabulary.length - i;
        i++;
      }
      out.append(vocabulary[i]).append((state & 15) == 0 ? ".\n" : " ");
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
