package org.zennet.cli.provide;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.web3j.crypto.Credentials;
import org.zennet.cli.ConfigFile;
import org.zennet.cli.StateDir;
import org.zennet.cli.UserError;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.provider.ProviderAgent;
import org.zennet.provider.ProviderConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet provide}: sell this machine's CPU on the market. */
@Command(name = "provide", mixinStandardHelpOptions = true, subcommands = ProvideStatusCommand.class,
    description = {
        "Run a provider agent: follow the jobs posted on chain, negotiate those the policy takes, run their tasks in "
            + "the WebAssembly sandbox, check and store every voucher, and get paid (redeem, close, watchers).",
        "Prints 'provider 0x... ready on <multiaddr>' once it listens; SIGTERM or Ctrl-C stops it cleanly (running "
            + "tasks finish or are handed back) and it prints 'provider stopped'. Run it again to resume.",
        "The config file is YAML; see docs/provider.md and docs/provider.example.yaml."})
public final class ProvideCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;

  @Option(names = "--config", paramLabel = "FILE", description = "The provider's YAML config (required).")
  Path configFile;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the keystore password from the first line of FILE (overrides the config's passwordFile).")
  Path passwordFile;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Read the keystore password from the environment variable VAR (overrides the config's passwordEnv).")
  String passwordEnv;

  /** The config as the command runs it: read, with its data folder defaulted under --home. */
  static ProviderConfig load(Path file, StateDir state) {
    ProviderConfig config = ConfigFile.read(file, ProviderConfig.class);
    return config.dataDir() != null ? config : config.withDataDir(ProviderAgent.defaultDataDir(state.path()));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (configFile == null) {
      throw new UserError("--config FILE is required: the provider's YAML config (see docs/provider.md)", 2);
    }
    ProviderConfig config = load(configFile, state);
    if (passwordFile == null && passwordEnv == null && config.passwordFile() == null && config.passwordEnv() == null
        && System.console() == null) {
      throw new UserError(configFile + ": no keystore password and no terminal to ask for it: set passwordFile or "
          + "passwordEnv in the config, or give --password-file FILE or --password-env VAR");
    }
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
    ProviderAgent agent;
    try {
      agent = ProviderAgent.start(config, key, deployment);
    } catch (IOException e) {
      throw new UserError("cannot start the provider: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      out.println("provider stopped");
      out.flush();
      stopped.countDown();
      // a stop asked for is a clean end: exit 0, not the signal's 143
      Runtime.getRuntime().halt(0);
    }, "provider-stop"));
    out.println("provider " + agent.address() + " ready on " + agent.listenAddress());
    out.flush();
    stopped.await();
    return 0;
  }
}
