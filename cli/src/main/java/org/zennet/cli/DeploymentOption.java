package org.zennet.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.zennet.contracts.deploy.Deployment;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --deployment FILE}: which chain and contracts a command talks to. */
public final class DeploymentOption {
  @Mixin private StateDir state;

  @Option(names = "--deployment", paramLabel = "FILE",
      description = "The deployment descriptor to use. Default: deployment.json in the --home folder.")
  private Path file;

  /** The --home folder (local state). */
  public Path home() {
    return state.path();
  }

  public Path file() {
    return file != null ? file : state.deployment();
  }

  /** Reads the descriptor, or fails with an error that says how to get one. */
  public Deployment read() {
    try {
      return Deployment.read(file());
    } catch (NoSuchFileException e) {
      throw new UserError("no deployment descriptor at " + file() + ": start a dev chain with 'zennet chain up'"
          + " or pass --deployment FILE");
    } catch (IOException e) {
      throw new UserError(e.getMessage());
    }
  }
}
