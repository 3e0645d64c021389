package org.zennet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The .wat test modules of src/test/wat, assembled by the build into the test classpath. */
final class TestModules {
  private TestModules() {}

  static TaskModule wat(String name) {
    try (InputStream in = TestModules.class.getResourceAsStream("wat/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException("wat/" + name + ".wasm is missing: the build assembles src/test/wat");
      }
      return TaskModule.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
