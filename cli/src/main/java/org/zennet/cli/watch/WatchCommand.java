package org.zennet.cli.watch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.web3j.crypto.Credentials;
import org.zennet.cli.ConfigFile;
import org.zennet.cli.StateDir;
import org.zennet.cli.UserError;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.watcher.Watcher;
import org.zennet.watcher.WatcherConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet watch}: run a channel watcher. */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {
        "Run a channel watcher: providers delegate their latest vouchers to it over /zennet/watch/1.0.0; it commits "
            + "each before acknowledging, follows the channels on chain and redeems what it holds (redeemMany) as soon "
            + "as a publisher starts a close, so that a provider who is offline is still paid.",
        "Prints 'watcher 0x... ready on <multiaddr> http <url>' once it serves, and a line per redeem transaction; "
            + "SIGTERM or Ctrl-C stops it cleanly ('watcher stopped'). Run it again to resume: it catches up on what "
            + "it missed.",
        "The config file is YAML; see docs/watcher.md."})
public final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;

  @Option(names = "--config", paramLabel = "FILE", description = "The watcher's YAML config (required).")
  Path configFile;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the keystore password from the first line of FILE (overrides the config's passwordFile).")
  Path passwordFile;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Read the keystore password from the environment variable VAR (overrides the config's passwordEnv).")
  String passwordEnv;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (configFile == null) {
      throw new UserError("--config FILE is required: the watcher's YAML config (see docs/watcher.md)", 2);
    }
    WatcherConfig read = ConfigFile.read(configFile, WatcherConfig.class);
    WatcherConfig config = read.dataDir() != null ? read : read.withDataDir(state.path().resolve("watcher"));
    PasswordOptions password = passwordFile != null || passwordEnv != null
        ? PasswordOptions.of(passwordFile, passwordEnv) : PasswordOptions.of(config.passwordFile(), config.passwordEnv());
    Credentials key = Accounts.unlock(config.keystore(), password);
    Deployment deployment;
    try {
      deployment = Deployment.read(config.deployment());
    } catch (NoSuchFileException e) {
      throw new UserError(configFile + ": deployment: no such file " + config.deployment());
    } catch (IOException e) {
      throw new UserError(configFile + ": deployment: " + e.getMessage());
    }
    Watcher watcher;
    try {
      watcher = Watcher.start(config, key, deployment, Clock.systemUTC(), line -> {
        synchronized (out) {
          out.println(line);
          out.flush();
        }
      });
    } catch (IOException e) {
      throw new UserError("cannot start the watcher: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      watcher.close();
      out.println("watcher stopped");
      out.flush();
      stopped.countDown();
      // a stop asked for is a clean end: exit 0, not the signal's 143
      Runtime.getRuntime().halt(0);
    }, "watcher-stop"));
    out.println(watcher.readyLine());
    out.flush();
    stopped.await();
    return 0;
  }
}
