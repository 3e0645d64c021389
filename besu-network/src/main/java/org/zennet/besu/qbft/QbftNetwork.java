package org.zennet.besu.qbft;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The description of a generated network that {@code zennet chain init} leaves beside the Besu files
 * ({@value #FILE}), for {@code zennet chain up --besu} and for people: the chain and each node's address,
 * enode and ports. Besu never reads it.
 *
 * @param chainId the chain id
 * @param blockPeriodSeconds the QBFT block period
 * @param besuImage the compose file's image
 * @param nodes the validator nodes
 */
public record QbftNetwork(long chainId, int blockPeriodSeconds, String besuImage, List<Node> nodes) {
  public static final String FILE = "zennet-network.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One node.
   *
   * @param name its folder, {@code node-1} ...
   * @param address its validator address
   * @param enode its enode URL
   * @param configFile its Besu config file, relative to the network folder
   * @param rpcHttpPort HTTP JSON-RPC port (on loopback)
   * @param rpcWsPort WebSocket JSON-RPC port
   * @param p2pPort P2P port
   * @param metricsPort metrics port
   */
  public record Node(String name, String address, String enode, String configFile, int rpcHttpPort, int rpcWsPort,
      int p2pPort, int metricsPort) {
    public URI rpcUrl(String host) {
      return URI.create("http://" + host + ":" + rpcHttpPort);
    }

    public URI wsUrl(String host) {
      return URI.create("ws://" + host + ":" + rpcWsPort);
    }
  }

  public QbftNetwork {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a network has at least one node");
    }
  }

  public List<String> validators() {
    return nodes.stream().map(Node::address).toList();
  }

  public void write(Path dir) throws IOException {
    JSON.writeValue(dir.resolve(FILE).toFile(), this);
  }

  /** Reads the description in {@code dir}, with an error that says how to get one. */
  public static QbftNetwork read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "not a network folder written by 'zennet chain init'");
    }
    try {
      return JSON.readValue(file.toFile(), QbftNetwork.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + " is not a valid network description: " + e.getMessage(), e);
    }
  }
}
