package org.zennet.contracts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the repository's pinned Node toolchain (anvil, cast, solc) that the build installs into
 * {@code node_modules}. The repository root comes from the {@code zennet.root} system property
 * (set by {@code ./zennet} and by the Maven test plugins), else the {@code ZENNET_ROOT} environment
 * variable, else the nearest folder above the working directory that holds a {@code package-lock.json}.
 */
public final class Toolchain {
  public static final String ROOT_PROPERTY = "zennet.root";
  public static final String ROOT_ENV = "ZENNET_ROOT";

  private Toolchain() {}

  /** The repository root, if one can be found. */
  public static Optional<Path> root() {
    String configured = System.getProperty(ROOT_PROPERTY, System.getenv(ROOT_ENV));
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("package-lock.json")) && Files.isDirectory(dir.resolve("node_modules"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * The executable {@code name} from {@code node_modules/.bin}, else from the {@code PATH}.
   *
   * @throws IllegalStateException naming where it looked and how to install it
   */
  public static Path binary(String name) {
    Optional<Path> fromRoot = root().map(r -> r.resolve("node_modules").resolve(".bin").resolve(name));
    if (fromRoot.isPresent() && Files.isExecutable(fromRoot.get())) {
      return fromRoot.get();
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    throw new IllegalStateException("cannot find the '" + name + "' executable: looked in "
        + fromRoot.map(Path::toString).orElse("<no repository root found>") + " and on the PATH. "
        + "Build once with ./zennet (it runs npm ci), or set -D" + ROOT_PROPERTY + " / " + ROOT_ENV
        + " to the repository root.");
  }
}
