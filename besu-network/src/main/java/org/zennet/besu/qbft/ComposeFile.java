package org.zennet.besu.qbft;

import java.util.List;

/**
 * A Docker Compose file that runs the same nodes with the same config files in the pinned
 * {@code hyperledger/besu} image. The network folder is mounted at {@link #MOUNT} and is each container's
 * working directory, so the config files' relative paths hold. Only what differs in a container is given on
 * the command line, which takes precedence over the config file: the listening and advertised addresses
 * (each node has a fixed address on the compose network) and the bootnodes at those addresses. RPC ports are
 * published on the host's loopback only.
 */
public final class ComposeFile {
  public static final String FILE = "docker-compose.yml";
  public static final String MOUNT = "/zennet";

  private ComposeFile() {}

  public static String render(QbftNetworkSpec spec, List<QbftNode> nodes) {
    StringBuilder y = new StringBuilder();
    y.append("# Written by 'zennet chain init'. Start with: docker compose up -d   (in this folder)\n");
    y.append("name: zennet-qbft-").append(spec.chainId()).append("\n\nservices:\n");
    for (QbftNode node : nodes) {
      List<String> bootnodes = nodes.stream().filter(n -> n != node)
          .map(n -> n.key().enode(n.dockerIp(), n.p2pPort())).toList();
      y.append("  ").append(node.name()).append(":\n");
      y.append("    image: ").append(spec.besuImage()).append('\n');
      y.append("    working_dir: ").append(MOUNT).append('\n');
      y.append("    volumes:\n      - ./:").append(MOUNT).append('\n');
      y.append("    command:\n");
      List<String> args = new java.util.ArrayList<>(List.of(
          "--config-file=" + MOUNT + "/" + node.configFile(),
          "--p2p-host=" + node.dockerIp(),
          "--rpc-http-host=0.0.0.0",
          "--rpc-ws-host=0.0.0.0",
          "--metrics-host=0.0.0.0"));
      if (!bootnodes.isEmpty()) {
        args.add("--bootnodes=" + String.join(",", bootnodes));
      }
      args.forEach(a -> y.append("      - \"").append(a).append("\"\n"));
      y.append("    ports:\n");
      for (int port : List.of(node.rpcHttpPort(), node.rpcWsPort(), node.metricsPort())) {
        y.append("      - \"127.0.0.1:").append(port).append(':').append(port).append("\"\n");
      }
      y.append("    networks:\n      zennet:\n        ipv4_address: ").append(node.dockerIp()).append('\n');
      y.append("    restart: unless-stopped\n");
    }
    y.append("\nnetworks:\n  zennet:\n    ipam:\n      config:\n        - subnet: ")
        .append(spec.dockerSubnet()).append(".0/24\n");
    return y.toString();
  }
}
