package org.zennet.besu.qbft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.zennet.besu.election.ElectionGenesis;

/**
 * Writes a Besu QBFT network into a folder: one folder per node with its key, {@code key.pub}, Besu config
 * and (once started) data; {@code genesis.json}; a compose file; a README; and {@value QbftNetwork#FILE}.
 */
public final class QbftNetworkInit {
  public static final String GENESIS_FILE = "genesis.json";
  public static final String README_FILE = "README.md";

  private QbftNetworkInit() {}

  /** A folder that holds files and {@code --force} was not given. */
  public static final class FolderNotEmptyException extends IOException {
    private static final long serialVersionUID = 1L;

    FolderNotEmptyException(Path dir) {
      super(dir + " is not empty; choose an empty or new folder, or pass --force to replace the network files in it"
          + " (node keys and chain data included)");
    }
  }

  /**
   * Generates fresh node keys and writes the network.
   *
   * @param force replace the files a previous init wrote (node folders with their keys and data, genesis,
   *     compose file, README, description); other files in {@code dir} are left alone
   */
  public static QbftNetwork write(QbftNetworkSpec spec, Path dir, boolean force, SecureRandom random) throws IOException {
    return write(spec, dir, force, random, Optional.empty());
  }

  /**
   * Like {@link #write(QbftNetworkSpec, Path, boolean, SecureRandom)}; with {@code election}, the validators come
   * from the ValidatorElection contract placed in the genesis, whose genesis validators are the generated nodes.
   */
  public static QbftNetwork write(QbftNetworkSpec spec, Path dir, boolean force, SecureRandom random,
      Optional<ElectionGenesis> election) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          if (!force) {
            throw new FolderNotEmptyException(dir);
          }
          removeGeneratedFiles(dir);
        }
      }
    } else if (Files.exists(dir)) {
      throw new IOException(dir + " is a file, not a folder");
    }
    Files.createDirectories(dir);

    List<QbftNode> nodes = new ArrayList<>();
    for (int i = 0; i < spec.validators(); i++) {
      nodes.add(QbftNode.of(spec, i, NodeKey.generate(random)));
    }
    for (QbftNode node : nodes) {
      Path nodeDir = dir.resolve(node.name());
      node.key().write(nodeDir);
      Files.createDirectories(nodeDir.resolve("data"));
      List<String> bootnodes = nodes.stream().filter(n -> n != node)
          .map(n -> n.key().enode(spec.host(), n.p2pPort())).toList();
      Files.writeString(dir.resolve(node.configFile()), BesuConfigToml.render(node, spec.host(), bootnodes));
    }
    List<String> validators = nodes.stream().map(n -> n.key().address()).toList();
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(GENESIS_FILE).toFile(), QbftGenesis.build(spec, validators, election));
    Files.writeString(dir.resolve(ComposeFile.FILE), ComposeFile.render(spec, nodes));
    Files.writeString(dir.resolve(README_FILE), NetworkReadme.render(spec, nodes), StandardCharsets.UTF_8);
    QbftNetwork network = new QbftNetwork(spec.chainId(), spec.blockPeriodSeconds(), spec.besuImage(),
        nodes.stream().map(n -> new QbftNetwork.Node(n.name(), n.key().address(), n.key().enode(spec.host(), n.p2pPort()),
            n.configFile(), n.rpcHttpPort(), n.rpcWsPort(), n.p2pPort(), n.metricsPort())).toList());
    network.write(dir);
    return network;
  }

  private static void removeGeneratedFiles(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        boolean generated = name.matches("node-\\d+") || name.equals(GENESIS_FILE) || name.equals(ComposeFile.FILE)
            || name.equals(README_FILE) || name.equals(QbftNetwork.FILE);
        if (generated) {
          deleteRecursively(p);
        }
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
