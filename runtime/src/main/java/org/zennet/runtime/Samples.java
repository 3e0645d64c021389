package org.zennet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The sample task modules bundled in this jar, built from {@code runtime/src/main/assemblyscript} by the
 * Maven build (AssemblyScript with the WASI shim).
 */
public final class Samples {
  private static final String FOLDER = "samples/";

  /** A bundled sample. */
  public enum Sample {
    WORDCOUNT("wordcount", "word count map step: text on stdin, \"word<TAB>count\" lines on stdout, sorted", ""),
    PI("pi", "Monte Carlo pi: argv SAMPLES SEED, prints \"hits samples estimate\"", "SAMPLES SEED"),
    WORDSUM("wordsum", "word count reduce step: \"word<TAB>count\" lines on stdin, summed per word, sorted", ""),
    PISUM("pisum", "pi reduce step: \"hits samples estimate\" lines on stdin, summed into one", ""),
    RAYTRACE("raytrace", "ray tracer: argv WIDTH HEIGHT X0 Y0 TILE_W TILE_H, raw RGB bytes of the tile on stdout",
        "WIDTH HEIGHT X0 Y0 TILE_W TILE_H");

    private final String id;
    private final String summary;
    private final String usage;

    Sample(String id, String summary, String usage) {
      this.id = id;
      this.summary = summary;
      this.usage = usage;
    }

    public String id() {
      return id;
    }

    public String summary() {
      return summary;
    }

    /** The arguments it expects, empty when none. */
    public String usage() {
      return usage;
    }

    /** The module's bytes from the jar. */
    public byte[] bytes() {
      try (InputStream in = Samples.class.getResourceAsStream(FOLDER + id + ".wasm")) {
        if (in == null) {
          throw new IllegalStateException("the sample " + id + ".wasm is not in the runtime jar; "
              + "it is built by 'mvn package' from runtime/src/main/assemblyscript");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public TaskModule module() {
      return TaskModule.of(bytes());
    }
  }

  private Samples() {}

  public static List<Sample> all() {
    return List.of(Sample.values());
  }

  public static Optional<Sample> find(String id) {
    return all().stream().filter(s -> s.id.equals(id)).findFirst();
  }
}
