package org.zennet.publisher.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.nio.file.Path;
import java.util.List;
import org.zennet.runtime.Samples;

/**
 * What the publisher does with the map outputs once every task is done: {@code none} (keep them, one file
 * per task), {@code concat} (one file, in task order), {@code png} (a {@code grid} job's raw RGB tiles
 * assembled into one PNG image), or a WebAssembly module run locally with the concatenated outputs on stdin
 * ({@code {module: reduce.wasm}} or {@code {sample: wordsum}}, with optional {@code args}).
 *
 * @param kind {@code none}, {@code concat}, {@code png} or {@code module}
 * @param module the reduce module, for kind {@code module}
 * @param sample a bundled reduce sample, for kind {@code module}
 * @param args its arguments
 */
public record ReduceSpec(Kind kind, Path module, String sample, List<String> args) {
  public static final ReduceSpec NONE = new ReduceSpec(Kind.none, null, null, null);

  /** The reduce steps. */
  public enum Kind {
    none, concat, png, module
  }

  public ReduceSpec {
    args = args == null ? List.of() : List.copyOf(args);
    if (kind == null) {
      kind = module != null || sample != null ? Kind.module : Kind.none;
    }
    if (kind == Kind.module && (module == null) == (sample == null)) {
      throw new IllegalArgumentException("reduce: give exactly one of 'module' and 'sample'");
    }
    if (kind != Kind.module && (module != null || sample != null || !args.isEmpty())) {
      throw new IllegalArgumentException("reduce: 'module', 'sample' and 'args' go with a module reduce only");
    }
    if (sample != null && Samples.find(sample).isEmpty()) {
      throw new IllegalArgumentException("reduce.sample: no sample '" + sample + "'; the samples are "
          + Samples.all().stream().map(Samples.Sample::id).toList());
    }
  }

  /** {@code reduce: concat} written as a plain word. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ReduceSpec of(String kind) {
    for (Kind k : Kind.values()) {
      if (k.name().equals(kind) && k != Kind.module) {
        return new ReduceSpec(k, null, null, null);
      }
    }
    throw new IllegalArgumentException("'" + kind + "' is not none, concat, png or {module: FILE}/{sample: NAME}");
  }
}
