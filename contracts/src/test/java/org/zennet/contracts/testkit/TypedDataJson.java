package org.zennet.contracts.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * EIP-712 typed data as JSON ({@code eth_signTypedData_v4}, {@code cast wallet sign --data}, Web3j's
 * {@code StructuredDataEncoder}), for cross-checking our own hashing in tests.
 */
public final class TypedDataJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Map<String, String>> DOMAIN_FIELDS = List.of(
      Map.of("name", "name", "type", "string"), Map.of("name", "version", "type", "string"),
      Map.of("name", "chainId", "type", "uint256"), Map.of("name", "verifyingContract", "type", "address"));

  private TypedDataJson() {}

  /**
   * Typed data with the standard domain {@code {name, version, chainId, verifyingContract}}.
   *
   * @param fields the primary type's fields in order, each {@code "name type"}, e.g. {@code "owner address"}
   * @param message field name to value (numbers as decimal strings)
   */
  public static String of(String primaryType, List<String> fields, String name, String version, long chainId,
      String verifyingContract, Map<String, String> message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode types = root.putObject("types");
    types.set("EIP712Domain", JSON.valueToTree(DOMAIN_FIELDS));
    types.set(primaryType, JSON.valueToTree(fields.stream().map(f -> {
      String[] parts = f.split(" ");
      return Map.of("name", parts[0], "type", parts[1]);
    }).toList()));
    root.put("primaryType", primaryType);
    root.set("domain", JSON.valueToTree(Map.of("name", name, "version", version, "chainId", chainId,
        "verifyingContract", verifyingContract)));
    root.set("message", JSON.valueToTree(message));
    return root.toString();
  }
}
