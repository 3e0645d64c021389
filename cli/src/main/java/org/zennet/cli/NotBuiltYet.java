package org.zennet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Commands that later work will fill: each says which piece of work brings it and exits 2, so nobody
 * mistakes it for a result. Top-level groups hang from the root; others from the built group they
 * belong to ({@code zennet bench wasm}).
 */
final class NotBuiltYet implements Callable<Integer> {
  static final int EXIT_CODE = 2;

  /**
   * A planned command.
   *
   * @param parent the built group it belongs to, or null for a top-level group
   */
  private record Planned(String parent, String name, String summary, String comesWith) {
    String qualifiedName() {
      return parent == null ? name : parent + " " + name;
    }
  }

  private static final Planned[] PLANNED = {
  };

  private final Planned planned;
  private CommandLine commandLine;

  private NotBuiltYet(Planned planned) {
    this.planned = planned;
  }

  /** Adds every planned command to {@code root} or to its built group (which must be registered already). */
  static void register(CommandLine root) {
    for (Planned p : PLANNED) {
      CommandLine parent = p.parent() == null ? root : root.getSubcommands().get(p.parent());
      if (parent == null) {
        throw new IllegalStateException("planned command '" + p.qualifiedName() + "' has no group " + p.parent());
      }
      NotBuiltYet command = new NotBuiltYet(p);
      CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
      spec.name(p.name()).mixinStandardHelpOptions(true);
      spec.usageMessage().description(p.summary(), "Not built yet: it comes with " + p.comesWith() + ".");
      spec.addUnmatchedArgsBinding(CommandLine.Model.UnmatchedArgsBinding.forStringArrayConsumer(
          new CommandLine.Model.ISetter() {
            @Override
            public <T> T set(T value) {
              return null;
            }
          }));
      command.commandLine = new CommandLine(spec);
      parent.addSubcommand(p.name(), command.commandLine);
    }
  }

  @Override
  public Integer call() {
    commandLine.getErr().println("zennet " + planned.qualifiedName() + " is not built yet: it comes with "
        + planned.comesWith() + ".");
    return EXIT_CODE;
  }
}
