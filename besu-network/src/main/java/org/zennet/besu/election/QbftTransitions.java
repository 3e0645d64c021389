package org.zennet.besu.election;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.web3j.crypto.WalletUtils;

/**
 * Besu's QBFT {@code transitions} entry that moves a running network from block-header validator selection to a
 * validator contract at a future block ({@code config.transitions.qbft[]: {block, validatorselectionmode:
 * "contract", validatorcontractaddress}}). Every node's genesis file gets the same entry before that block; each node
 * is restarted to read it.
 */
public final class QbftTransitions {
  private QbftTransitions() {}

  /** The entry switching to the contract at {@code contract} from block {@code block} on. */
  public static ObjectNode toContract(ObjectMapper json, long block, String contract) {
    if (block < 1) {
      throw new IllegalArgumentException("--block must be a future block number (at least 1), got " + block);
    }
    if (contract == null || !contract.startsWith("0x") || !WalletUtils.isValidAddress(contract)) {
      throw new IllegalArgumentException("--contract is not a 0x-prefixed 20-byte hex address: " + contract);
    }
    ObjectNode entry = json.createObjectNode();
    entry.put("block", block);
    entry.put("validatorselectionmode", "contract");
    entry.put("validatorcontractaddress", contract.toLowerCase(Locale.ROOT));
    return entry;
  }

  /**
   * Adds {@code entry} to {@code genesis}'s {@code config.transitions.qbft}, kept in block order.
   *
   * @throws IllegalArgumentException if the genesis is not a QBFT one, or a transition at that block exists
   */
  public static void addTo(ObjectNode genesis, ObjectNode entry) {
    JsonNode config = genesis.path("config");
    if (!(config instanceof ObjectNode configObject) || !config.has("qbft")) {
      throw new IllegalArgumentException("the genesis file has no config.qbft section: not a QBFT network");
    }
    if (config.path("qbft").has("validatorcontractaddress")) {
      throw new IllegalArgumentException("this network already reads its validators from contract "
          + config.path("qbft").path("validatorcontractaddress").asText());
    }
    ObjectNode transitions = configObject.has("transitions") ? (ObjectNode) configObject.get("transitions")
        : configObject.putObject("transitions");
    ArrayNode qbft = transitions.has("qbft") ? (ArrayNode) transitions.get("qbft") : transitions.putArray("qbft");
    long block = entry.path("block").asLong();
    int at = 0;
    for (JsonNode existing : qbft) {
      if (existing.path("block").asLong() == block) {
        throw new IllegalArgumentException("the genesis file has a QBFT transition at block " + block + " already");
      }
      if (existing.path("block").asLong() < block) {
        at++;
      }
    }
    qbft.insert(at, entry);
  }
}
