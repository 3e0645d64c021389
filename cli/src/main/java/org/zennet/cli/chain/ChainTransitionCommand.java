package org.zennet.cli.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zennet.besu.election.QbftTransitions;
import org.zennet.cli.UserError;
import org.zennet.contracts.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet chain transition}: the QBFT transition that moves a running network to the election contract. */
@Command(name = "transition", mixinStandardHelpOptions = true,
    description = {"The Besu 'transitions' entry that switches a QBFT network from block-header validators to the "
        + "validator contract at a future block: printed, or with --genesis FILE --write added to that genesis file.",
        "Every node needs the same genesis file, and a restart, before that block. See docs/operations.md."})
public final class ChainTransitionCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(names = "--block", required = true, paramLabel = "N", description = "The first block validated by the contract's set.")
  long block;

  @Option(names = "--contract", required = true, paramLabel = "ADDRESS",
      description = "The deployed ValidatorElection (its genesis validators: the network's current validators).")
  String contract;

  @Option(names = "--genesis", paramLabel = "FILE", description = "The network's genesis.json, to check it and to add the entry to.")
  Path genesis;

  @Option(names = "--write", description = "Add the entry to --genesis FILE (otherwise it is only printed).")
  boolean write;

  @Override
  public Integer call() throws Exception {
    ObjectNode entry;
    try {
      entry = QbftTransitions.toContract(JSON, block, contract);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), 2);
    }
    PrintWriter w = spec.commandLine().getOut();
    if (genesis == null) {
      if (write) {
        throw new UserError("--write needs --genesis FILE", 2);
      }
      w.println("Add to config.transitions.qbft of every node's genesis.json:");
      w.println(JSON.writeValueAsString(entry));
      return 0;
    }
    ObjectNode doc;
    try {
      JsonNode read = JSON.readTree(genesis.toFile());
      if (!(read instanceof ObjectNode object)) {
        throw new UserError(genesis + " is not a JSON object");
      }
      doc = object;
    } catch (IOException e) {
      throw new UserError("cannot read " + genesis + ": " + e.getMessage());
    }
    try {
      QbftTransitions.addTo(doc, entry);
    } catch (IllegalArgumentException e) {
      throw new UserError(genesis + ": " + e.getMessage());
    }
    if (write) {
      AtomicFiles.writeString(genesis, JSON.writeValueAsString(doc) + "\n");
      w.printf("Added the switch to contract %s at block %d to %s; copy it to every node and restart each before "
          + "block %d.%n", entry.path("validatorcontractaddress").asText(), block, genesis, block);
    } else {
      w.println(JSON.writeValueAsString(doc.path("config").path("transitions")));
    }
    return 0;
  }
}
