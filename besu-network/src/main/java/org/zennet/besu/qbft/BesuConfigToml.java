package org.zennet.besu.qbft;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A node's Besu configuration file (TOML; keys are the command-line options without {@code --}, as
 * besu.hyperledger.org's options reference gives them under "Configuration file"). Paths are relative to the
 * network folder, which is the working directory of every node, local or in the compose file.
 */
public final class BesuConfigToml {
  /** The APIs each node serves: what agents and operators need, nothing that administers the node. */
  public static final List<String> RPC_APIS = List.of("ETH", "NET", "WEB3", "QBFT", "TXPOOL");
  public static final List<String> HOST_ALLOWLIST = List.of("localhost", "127.0.0.1");

  private BesuConfigToml() {}

  public static String render(QbftNode node, String host, List<String> bootnodes) {
    StringBuilder t = new StringBuilder();
    t.append("# Besu configuration of ").append(node.name()).append(", validator ").append(node.key().address())
        .append(".\n# Written by 'zennet chain init'. Paths are relative to the network folder: start Besu there,\n")
        .append("#   besu --config-file=").append(node.configFile()).append("\n\n");
    t.append("data-path=").append(quoted(node.name() + "/data")).append('\n');
    t.append("genesis-file=").append(quoted("genesis.json")).append('\n');
    t.append("node-private-key-file=").append(quoted(node.name() + "/key")).append('\n');
    t.append("# enterprise/private profile: full sync, Forest storage, sequenced transaction pool, min-gas-price 0\n");
    t.append("profile=").append(quoted("ENTERPRISE")).append('\n');
    t.append("sync-mode=").append(quoted("FULL")).append('\n');
    t.append("# free gas: every node must accept a zero gas price, or it silently drops such transactions\n");
    t.append("min-gas-price=0\n");
    t.append("revert-reason-enabled=true\n\n");
    t.append("p2p-host=").append(quoted(host)).append('\n');
    t.append("p2p-port=").append(node.p2pPort()).append('\n');
    t.append("bootnodes=").append(array(bootnodes)).append("\n\n");
    t.append("rpc-http-enabled=true\n");
    t.append("rpc-http-host=").append(quoted(host)).append('\n');
    t.append("rpc-http-port=").append(node.rpcHttpPort()).append('\n');
    t.append("rpc-http-api=").append(array(RPC_APIS)).append('\n');
    t.append("rpc-ws-enabled=true\n");
    t.append("rpc-ws-host=").append(quoted(host)).append('\n');
    t.append("rpc-ws-port=").append(node.rpcWsPort()).append('\n');
    t.append("rpc-ws-api=").append(array(RPC_APIS)).append('\n');
    t.append("host-allowlist=").append(array(HOST_ALLOWLIST)).append("\n\n");
    t.append("metrics-enabled=true\n");
    t.append("metrics-host=").append(quoted(host)).append('\n');
    t.append("metrics-port=").append(node.metricsPort()).append('\n');
    return t.toString();
  }

  static String quoted(String value) {
    if (value.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
      throw new IllegalArgumentException("not written into a TOML string: " + value);
    }
    return '"' + value + '"';
  }

  private static String array(List<String> values) {
    return values.stream().map(BesuConfigToml::quoted).collect(Collectors.joining(",", "[", "]"));
  }
}
