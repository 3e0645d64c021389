package org.zennet.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * NatSpec completeness of every deployable contract's interface, from the compiler's {@code userdoc} and
 * {@code devdoc} (which resolve {@code @inheritdoc}): each external or public function, event and custom
 * error declared in our sources (not OpenZeppelin's) has a {@code @notice} or {@code @dev}; each function and
 * event a {@code @param} for every named parameter; each function (not a public variable's getter) a
 * {@code @return} for every return value. Errors document their arguments in the notice (by name, in
 * backticks), so their {@code @param}s are not required.
 */
public final class NatSpecCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A gap: the contract, the member's signature, what is missing. */
  public record Gap(String contract, String member, String missing) {
    @Override
    public String toString() {
      return contract + "." + member + ": " + missing;
    }
  }

  /** The number of members checked, and the gaps found. */
  public record Result(int checked, List<Gap> gaps) {}

  private NatSpecCheck() {}

  /** Checks the deployable contracts of {@code solidityDir} ({@code target/solidity}). */
  public static Result check(Path solidityDir) throws IOException {
    JsonNode buildInfo = JSON.readTree(solidityDir.resolve("build-info.json").toFile());
    Set<String> ours = new HashSet<>();
    Set<String> getters = new HashSet<>();
    buildInfo.path("input").path("sources").fieldNames().forEachRemaining(source ->
        SolidityCoverage.walk(buildInfo.path("output").path("sources").path(source).path("ast"), node -> {
          switch (node.path("nodeType").asText()) {
            case "FunctionDefinition" -> add(ours, node, "functionSelector");
            case "VariableDeclaration" -> {
              add(ours, node, "functionSelector");
              add(getters, node, "functionSelector");
            }
            case "EventDefinition" -> add(ours, node, "eventSelector");
            case "ErrorDefinition" -> add(ours, node, "errorSelector");
            default -> { }
          }
        }));
    int checked = 0;
    List<Gap> gaps = new ArrayList<>();
    for (String name : AbiCheck.contracts(solidityDir)) {
      JsonNode artifact = JSON.readTree(solidityDir.resolve("artifacts").resolve(name + ".json").toFile());
      JsonNode identifiers = artifact.path("methodIdentifiers");
      JsonNode userdoc = artifact.path("userdoc");
      JsonNode devdoc = artifact.path("devdoc");
      for (JsonNode entry : artifact.path("abi")) {
        String type = entry.path("type").asText();
        String signature = entry.path("name").asText() + "(" + String.join(",", typeList(entry.path("inputs"))) + ")";
        switch (type) {
          case "function" -> {
            String selector = identifiers.path(signature).asText();
            if (!ours.contains(selector)) {
              continue;
            }
            checked++;
            JsonNode user = userdoc.path("methods").path(signature);
            JsonNode dev = devdoc.path("methods").path(signature);
            if (getters.contains(selector)) {
              // a public variable's getter: devdoc keeps its @dev under stateVariables
              JsonNode variable = devdoc.path("stateVariables").path(entry.path("name").asText());
              if (!user.has("notice") && !dev.has("details") && !variable.has("details")) {
                gaps.add(new Gap(name, signature, "@notice or @dev"));
              }
              continue;
            }
            describe(gaps, name, signature, user.has("notice") || dev.has("details"));
            params(gaps, name, signature, entry.path("inputs"), dev.path("params"));
            int returns = entry.path("outputs").size();
            if (dev.path("returns").size() < returns) {
              gaps.add(new Gap(name, signature, "@return for each of its " + returns + " return value(s)"));
            }
          }
          case "event" -> {
            if (!ours.contains(eventTopic(signature))) {
              continue;
            }
            checked++;
            describe(gaps, name, "event " + signature, userdoc.path("events").path(signature).has("notice")
                || devdoc.path("events").path(signature).has("details"));
            params(gaps, name, "event " + signature, entry.path("inputs"), devdoc.path("events").path(signature).path("params"));
          }
          case "error" -> {
            if (!ours.contains(errorSelector(signature))) {
              continue;
            }
            checked++;
            JsonNode user = userdoc.path("errors").path(signature).path(0);
            JsonNode dev = devdoc.path("errors").path(signature).path(0);
            describe(gaps, name, "error " + signature, user.has("notice") || dev.has("details"));
          }
          default -> { }
        }
      }
    }
    return new Result(checked, gaps);
  }

  private static void describe(List<Gap> gaps, String contract, String member, boolean described) {
    if (!described) {
      gaps.add(new Gap(contract, member, "@notice or @dev"));
    }
  }

  private static void params(List<Gap> gaps, String contract, String member, JsonNode inputs, JsonNode documented) {
    for (JsonNode input : inputs) {
      String param = input.path("name").asText();
      if (!param.isEmpty() && !documented.has(param)) {
        gaps.add(new Gap(contract, member, "@param " + param));
      }
    }
  }

  private static List<String> typeList(JsonNode params) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : params) {
      String type = p.path("type").asText();
      out.add(type.startsWith("tuple")
          ? "(" + String.join(",", typeList(p.path("components"))) + ")" + type.substring(5) : type);
    }
    return out;
  }

  private static String eventTopic(String signature) {
    return org.web3j.crypto.Hash.sha3String(signature).substring(2);
  }

  private static String errorSelector(String signature) {
    return eventTopic(signature).substring(0, 8);
  }

  private static void add(Set<String> set, JsonNode node, String field) {
    if (node.hasNonNull(field)) {
      set.add(node.path(field).asText());
    }
  }
}
