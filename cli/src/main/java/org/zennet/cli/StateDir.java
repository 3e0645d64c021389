package org.zennet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the CLI keeps local state: the dev chain's record and log, the deployment descriptor.
 * {@code --home}, else {@code $ZENNET_HOME}, else {@code .zennet} in the working directory.
 */
public final class StateDir {
  public static final String ENV = "ZENNET_HOME";
  public static final String DEFAULT = ".zennet";

  @Option(names = "--home", paramLabel = "DIR",
      description = "Folder for local state (dev chain record, deployment.json). Default: $ZENNET_HOME, else ./.zennet.")
  private Path home;

  public Path path() {
    if (home != null) {
      return home;
    }
    String env = System.getenv(ENV);
    return Path.of(env != null && !env.isBlank() ? env : DEFAULT);
  }

  public Path deployment() {
    return path().resolve("deployment.json");
  }
}
