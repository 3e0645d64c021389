package org.zennet.cli.wallet;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.zennet.cli.UserError;
import picocli.CommandLine.Option;

/**
 * Where a keystore password comes from: a file, an environment variable, or a prompt. Never a flag
 * value, which other users of the machine could read in {@code ps}.
 */
public final class PasswordOptions {
  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the keystore password from the first line of FILE.")
  Path file;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Read the keystore password from the environment variable VAR.")
  String env;

  /**
   * Password options from a configuration file's {@code passwordFile} / {@code passwordEnv} fields
   * (either may be null; both null means a prompt).
   */
  public static PasswordOptions of(Path file, String env) {
    PasswordOptions options = new PasswordOptions();
    options.file = file;
    options.env = env;
    return options;
  }

  /** The password; {@code confirm} asks twice when prompting (for a new key). */
  public String read(String prompt, boolean confirm) {
    if (file != null && env != null) {
      throw new UserError("give the password one way: --password-file or --password-env, not both", 2);
    }
    if (file != null) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("");
        return nonEmpty(first, "the first line of " + file);
      } catch (IOException e) {
        throw new UserError("cannot read the password file " + file + ": " + e.getMessage());
      }
    }
    if (env != null) {
      String value = System.getenv(env);
      if (value == null) {
        throw new UserError("the environment variable " + env + " (--password-env) is not set");
      }
      return nonEmpty(value, "$" + env);
    }
    Console console = System.console();
    if (console == null) {
      throw new UserError("no terminal to ask for the keystore password: use --password-file FILE or --password-env VAR");
    }
    char[] first = console.readPassword("%s: ", prompt);
    if (first == null) {
      throw new UserError("no password given");
    }
    if (confirm) {
      char[] again = console.readPassword("Repeat it: ");
      if (again == null || !Arrays.equals(first, again)) {
        throw new UserError("the two passwords differ; nothing was written");
      }
    }
    return nonEmpty(new String(first), "the password");
  }

  private static String nonEmpty(String password, String where) {
    if (password.isEmpty()) {
      throw new UserError(where + " is empty; a keystore needs a password");
    }
    return password;
  }
}
