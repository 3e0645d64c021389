package org.zennet.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Executed instructions per contract code, as {@link TraceRecorder} writes them: per frame key
 * ({@code runtime:<code hash>} or {@code create:<hash of the created runtime code>}) the program counters
 * executed and the {@code JUMPI} outcomes seen ({@code pc -> next pc}), plus each code by its hash.
 */
public final class CoverageHits {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one code executed. */
  public record Frame(Set<Integer> pcs, Set<Long> jumps) {
    Frame() {
      this(new HashSet<>(), new HashSet<>());
    }

    /** Whether the JUMPI at {@code pc} was seen continuing at {@code next}. */
    public boolean jumped(int pc, int next) {
      return jumps.contains(pack(pc, next));
    }
  }

  private final Map<String, String> codes = new TreeMap<>();
  private final Map<String, Frame> frames = new TreeMap<>();

  void code(String hash, String code) {
    codes.putIfAbsent(hash, code);
  }

  void pc(String key, int pc) {
    frames.computeIfAbsent(key, k -> new Frame()).pcs.add(pc);
  }

  void jump(String key, int pc, int next) {
    frames.computeIfAbsent(key, k -> new Frame()).jumps.add(pack(pc, next));
  }

  private static long pack(int pc, int next) {
    return ((long) pc << 32) | (next & 0xffffffffL);
  }

  /** Code (0x-hex) by keccak-256 hash (hex, no 0x). */
  public Map<String, String> codes() {
    return codes;
  }

  /** Executed instructions by frame key. */
  public Map<String, Frame> frames() {
    return frames;
  }

  /** Whether nothing was recorded. */
  public boolean isEmpty() {
    return frames.isEmpty();
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode codeNode = root.putObject("codes");
    codes.forEach(codeNode::put);
    ObjectNode frameNode = root.putObject("frames");
    frames.forEach((key, frame) -> {
      ObjectNode f = frameNode.putObject(key);
      ArrayNode pcs = f.putArray("pcs");
      frame.pcs.stream().sorted().forEach(pcs::add);
      ArrayNode jumps = f.putArray("jumps");
      frame.jumps.stream().sorted().forEach(j -> jumps.add(JSON.createArrayNode().add((int) (j >>> 32)).add((int) (long) j)));
    });
    return root.toString();
  }

  /** Merges every {@code hits-*.json} file of {@code dir}. */
  public static CoverageHits read(Path dir) throws IOException {
    CoverageHits merged = new CoverageHits();
    if (!Files.isDirectory(dir)) {
      return merged;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("hits-.*\\.json")).sorted().toList()) {
        JsonNode root = JSON.readTree(file.toFile());
        root.path("codes").properties().forEach(e -> merged.code(e.getKey(), e.getValue().asText()));
        root.path("frames").properties().forEach(e -> {
          e.getValue().path("pcs").forEach(pc -> merged.pc(e.getKey(), pc.asInt()));
          e.getValue().path("jumps").forEach(j -> merged.jump(e.getKey(), j.get(0).asInt(), j.get(1).asInt()));
        });
      }
    }
    return merged;
  }
}
