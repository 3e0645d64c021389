package org.zennet.besu.qbft;

import java.util.List;

/** The README that {@code zennet chain init} writes into the network folder. */
final class NetworkReadme {
  private NetworkReadme() {}

  static String render(QbftNetworkSpec spec, List<QbftNode> nodes) {
    StringBuilder r = new StringBuilder();
    int n = spec.validators();
    r.append("# Zennet chain ").append(spec.chainId()).append(": Besu QBFT, ").append(n)
        .append(n == 1 ? " validator" : " validators").append("\n\n");
    r.append("Written by `zennet chain init`. Block period ").append(spec.blockPeriodSeconds())
        .append(" s; gas is free (zero base fee, `min-gas-price=0`). Each block needs ").append(spec.quorum())
        .append(" of ").append(n).append(" validator signatures, so the chain keeps going with up to ")
        .append(spec.faultTolerance()).append(spec.faultTolerance() == 1 ? " validator" : " validators")
        .append(" down or faulty").append(n < 4 ? " (4 validators are needed to tolerate one)" : "").append(".\n\n");
    r.append("| node | validator address | HTTP RPC | WebSocket RPC | P2P | metrics |\n|---|---|---|---|---|---|\n");
    for (QbftNode node : nodes) {
      r.append("| `").append(node.name()).append("` | `").append(node.key().address()).append("` | ")
          .append(node.rpcHttpPort()).append(" | ").append(node.rpcWsPort()).append(" | ").append(node.p2pPort())
          .append(" | ").append(node.metricsPort()).append(" |\n");
    }
    r.append("\n## Start it\n\n");
    r.append("With Besu installed (`besu` on PATH), from the repository:\n\n```sh\n")
        .append("./zennet chain up --besu <this folder>     # starts every node, waits for blocks; 'zennet chain down' stops them\n```\n\n");
    r.append("or by hand, one terminal per node, in this folder:\n\n```sh\n");
    for (QbftNode node : nodes) {
      r.append("besu --config-file=").append(node.configFile()).append('\n');
    }
    r.append("```\n\n");
    r.append("With Docker (image `").append(spec.besuImage()).append("`), in this folder:\n\n```sh\n")
        .append("docker compose up -d\ndocker compose logs -f ").append(nodes.get(0).name()).append("\ndocker compose down\n```\n\n");
    r.append("The containers run Besu as its image's `besu` user, which takes ownership of the node folders. ")
        .append("The compose network uses the subnet ").append(spec.dockerSubnet())
        .append(".0/24; change it in `docker-compose.yml` (addresses and bootnodes) if it clashes with another network.\n\n");
    r.append("Then deploy Zennet's contracts (free gas: the deployer account needs no coin):\n\n```sh\n")
        .append("./zennet chain deploy --rpc http://127.0.0.1:").append(nodes.get(0).rpcHttpPort())
        .append(" --keystore <keystore file> --deployment deployment.json\n```\n\n");
    r.append("Check the validators: `curl -s -X POST -H 'Content-Type: application/json' --data ")
        .append("'{\"jsonrpc\":\"2.0\",\"method\":\"qbft_getValidatorsByBlockNumber\",\"params\":[\"latest\"],\"id\":1}' ")
        .append("http://127.0.0.1:").append(nodes.get(0).rpcHttpPort()).append("`\n\n");
    r.append("## Keep safe\n\n`node-*/key` are the validators' private keys, unencrypted (Besu's format). ")
        .append("Back them up offline and never share them; anyone with more than a third of them can stop the chain, ")
        .append("and with two thirds can rewrite it. See docs/operations.md in the Zennet repository.\n\n");
    r.append("The nodes listen on ").append(spec.host()).append(" only. To spread validators over several hosts, set each ")
        .append("node's `p2p-host` to its host's address and its `bootnodes` to the others' addresses.\n");
    return r.toString();
  }
}
