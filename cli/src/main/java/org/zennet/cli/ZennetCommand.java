package org.zennet.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import org.zennet.cli.audit.AuditCommand;
import org.zennet.cli.bench.BenchCommand;
import org.zennet.cli.chain.ChainCommand;
import org.zennet.cli.demo.DemoCommand;
import org.zennet.cli.peer.PeerCommand;
import org.zennet.cli.publish.JobsCommand;
import org.zennet.cli.publish.PublishCommand;
import org.zennet.cli.provide.ProvideCommand;
import org.zennet.cli.task.TaskCommand;
import org.zennet.cli.wallet.WalletCommand;
import org.zennet.cli.watch.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options and the subcommand groups. */
@Command(
    name = "zennet",
    mixinStandardHelpOptions = true,
    versionProvider = ZennetCommand.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
        "Zennet: a decentralized market for spare CPU cycles. Publishers post parallel jobs on chain; providers "
            + "run them in a WebAssembly sandbox and are paid in XenCoin (XEN) through payment channels.",
        ""},
    footer = {"", "Run 'zennet COMMAND --help' for a command's options. Documentation: docs/ in the repository."},
    subcommands = {ChainCommand.class, WalletCommand.class, TaskCommand.class, PeerCommand.class, DemoCommand.class,
        BenchCommand.class, AuditCommand.class, PublishCommand.class, JobsCommand.class, ProvideCommand.class,
        WatchCommand.class, org.zennet.cli.validators.ValidatorsCommand.class})
public final class ZennetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log more: debug lines from Zennet and stack traces of errors.")
  void verbose(boolean on) {
    Verbosity.set(on ? Verbosity.VERBOSE : Verbosity.current());
  }

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Log only warnings and errors.")
  void quiet(boolean on) {
    Verbosity.set(on ? Verbosity.QUIET : Verbosity.current());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured command line: subcommands, error handling, exit codes. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ZennetCommand());
    NotBuiltYet.register(cli);
    cli.setExecutionExceptionHandler(new Errors());
    return cli;
  }

  /** How much the CLI logs; set by -v and -q before a command runs. */
  enum Verbosity {
    QUIET(Level.WARN), NORMAL(Level.INFO), VERBOSE(Level.DEBUG);

    private static Verbosity current = NORMAL;
    private final Level level;

    Verbosity(Level level) {
      this.level = level;
    }

    static Verbosity current() {
      return current;
    }

    static void set(Verbosity v) {
      current = v;
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
        context.getLogger("org.zennet").setLevel(v.level);
      }
    }
  }

  /**
   * Prints a failed command's error as one line a person can act on (the stack trace only with -v) and
   * exits 1. Usage errors are picocli's and exit 2.
   */
  static final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
      if (Verbosity.current() == Verbosity.VERBOSE) {
        e.printStackTrace(cli.getErr());
      }
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      cli.getErr().println(cli.getColorScheme().errorText("error: " + message));
      return e instanceof UserError user ? user.exitCode() : 1;
    }
  }

  /** The version of this build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = ZennetCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
          "zennet " + p.getProperty("version", "unknown"),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
