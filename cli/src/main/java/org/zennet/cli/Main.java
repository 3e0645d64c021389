package org.zennet.cli;

import picocli.CommandLine;

/** The {@code zennet} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return ZennetCommand.commandLine().execute(args);
  }

  /** Runs the command line with its output and errors going to {@code out} and {@code err}. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return ZennetCommand.commandLine().setOut(out).setErr(err).execute(args);
  }
}
