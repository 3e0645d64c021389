package org.zennet.besu.qbft;

/**
 * One generated validator node: its folder name, key and ports.
 *
 * @param name the node's folder in the network folder, {@code node-1} ...
 * @param key its node key (its address is its validator address)
 * @param p2pPort P2P (RLPx TCP and discovery UDP)
 * @param rpcHttpPort HTTP JSON-RPC
 * @param rpcWsPort WebSocket JSON-RPC
 * @param metricsPort Prometheus metrics
 * @param dockerIp its address on the compose file's network
 */
public record QbftNode(String name, NodeKey key, int p2pPort, int rpcHttpPort, int rpcWsPort, int metricsPort,
    String dockerIp) {

  static QbftNode of(QbftNetworkSpec spec, int index, NodeKey key) {
    return new QbftNode("node-" + (index + 1), key, spec.p2pPort(index), spec.rpcHttpPort(index), spec.rpcWsPort(index),
        spec.metricsPort(index), spec.dockerIp(index));
  }

  /** The node's config file, relative to the network folder. */
  public String configFile() {
    return name + "/config.toml";
  }
}
