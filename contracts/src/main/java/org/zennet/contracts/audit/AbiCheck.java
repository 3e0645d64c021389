package org.zennet.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The interface check: each deployable contract's ABI, from the build's artifacts, against the reviewed copy
 * committed in {@code contracts/abi/<Name>.json}. Both are canonicalized (entries sorted by kind and
 * signature, object keys sorted, pretty-printed), so only a real interface change shows.
 */
public final class AbiCheck {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** A difference: which contract, and what changed (entries added, removed, or no reviewed copy). */
  public record Difference(String contract, String change) {}

  private AbiCheck() {}

  /** The deployable contracts of {@code solidityDir} ({@code target/solidity}), by name. */
  public static List<String> contracts(Path solidityDir) throws IOException {
    return Files.readAllLines(solidityDir.resolve("deployable.txt")).stream().filter(l -> !l.isBlank()).toList();
  }

  /** The canonical text of {@code abi}. */
  public static String canonical(JsonNode abi) throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    abi.forEach(entries::add);
    entries.sort(Comparator.comparing(AbiCheck::signature));
    ArrayNode sorted = JSON.createArrayNode();
    for (JsonNode e : entries) {
      sorted.add(JSON.readTree(JSON.writeValueAsString(JSON.treeToValue(e, Object.class))));
    }
    return JSON.writeValueAsString(JSON.treeToValue(sorted, Object.class)) + "\n";
  }

  /** {@code kind name(types) -> (outputs) mutability}, for sorting and for listing differences. */
  static String signature(JsonNode entry) {
    String inputs = types(entry.path("inputs"));
    String outputs = entry.has("outputs") ? " returns " + types(entry.path("outputs")) : "";
    String mutability = entry.has("stateMutability") ? " " + entry.path("stateMutability").asText() : "";
    return entry.path("type").asText() + " " + entry.path("name").asText("") + inputs + outputs + mutability
        + (entry.path("anonymous").asBoolean(false) ? " anonymous" : "");
  }

  private static String types(JsonNode params) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : params) {
      String type = p.path("type").asText();
      if (type.startsWith("tuple")) {
        type = types(p.path("components")) + type.substring("tuple".length());
      }
      out.add(type + (p.path("indexed").asBoolean(false) ? " indexed" : "") + (p.path("name").asText("").isEmpty()
          ? "" : " " + p.path("name").asText()));
    }
    return "(" + String.join(",", out) + ")";
  }

  /** Compares every deployable contract's ABI with its reviewed copy in {@code reviewedDir}. */
  public static List<Difference> compare(Path solidityDir, Path reviewedDir) throws IOException {
    List<Difference> differences = new ArrayList<>();
    for (String name : contracts(solidityDir)) {
      JsonNode built = JSON.readTree(solidityDir.resolve("artifacts").resolve(name + ".json").toFile()).path("abi");
      Path reviewed = reviewedDir.resolve(name + ".json");
      if (!Files.exists(reviewed)) {
        differences.add(new Difference(name, "no reviewed copy " + reviewed.getFileName()));
        continue;
      }
      Set<String> now = signatures(built);
      Set<String> then = signatures(JSON.readTree(reviewed.toFile()));
      now.stream().filter(s -> !then.contains(s)).forEach(s -> differences.add(new Difference(name, "added: " + s)));
      then.stream().filter(s -> !now.contains(s)).forEach(s -> differences.add(new Difference(name, "removed: " + s)));
      if (differences.stream().noneMatch(d -> d.contract().equals(name))
          && !canonical(built).equals(Files.readString(reviewed))) {
        differences.add(new Difference(name, "the ABI JSON differs from the reviewed copy (same signatures)"));
      }
    }
    try (var files = Files.list(reviewedDir)) {
      Set<String> deployable = Set.copyOf(contracts(solidityDir));
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
          .map(f -> f.substring(0, f.length() - 5)).filter(n -> !deployable.contains(n)).sorted()
          .forEach(n -> differences.add(new Difference(n, "reviewed copy of a contract the build no longer has")));
    } catch (java.nio.file.NoSuchFileException e) {
      // no reviewed copies at all: each contract was reported above
    }
    return differences;
  }

  /** Rewrites the reviewed copies from the build (for {@code zennet audit --accept-abi}). */
  public static List<Path> accept(Path solidityDir, Path reviewedDir) throws IOException {
    Files.createDirectories(reviewedDir);
    List<Path> written = new ArrayList<>();
    for (String name : contracts(solidityDir)) {
      JsonNode built = JSON.readTree(solidityDir.resolve("artifacts").resolve(name + ".json").toFile()).path("abi");
      Path file = reviewedDir.resolve(name + ".json");
      Files.writeString(file, canonical(built));
      written.add(file);
    }
    return written;
  }

  private static Set<String> signatures(JsonNode abi) {
    Set<String> out = new LinkedHashSet<>();
    StreamSupport.stream(abi.spliterator(), false).map(AbiCheck::signature).sorted().forEach(out::add);
    return out;
  }
}
