package org.zennet.cli.peer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zennet peer}: identity, listen and ping over the libp2p transport. */
@Command(name = "peer", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
    description = {"Peer identity, listen and ping over the libp2p transport (TCP, TLS 1.3, yamux), "
        + "compatible with stock libp2p peers. See docs/protocol.md.", ""},
    subcommands = {PeerIdCommand.class, PeerListenCommand.class, PeerPingCommand.class})
public final class PeerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
