package org.zennet.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Solidity line, branch and function coverage of our contracts, from the instructions
 * {@link TraceRecorder} saw executed, mapped to source through solc's source maps and the ASTs in
 * {@code build-info.json}.
 *
 * <ul>
 *   <li>A recorded code is matched to a contract by comparing it with the contract's deployed bytecode,
 *       immutables masked (so PaymentChannels deployed over different tokens is the same contract).
 *       Deployments ({@code create:...}, transactions and {@code eth_call}s alike) are matched by their
 *       initcode starting with the contract's creation bytecode and mapped through its source map, so
 *       constructors (and their reverts) count.</li>
 *   <li><b>Lines</b>: the statements of each function body (AST); a statement is executable when the
 *       compiler emitted an instruction whose source range lies inside it (for {@code if}, {@code for} and
 *       {@code while}: inside its condition), and executed when such an instruction was. A line is
 *       executable when an executable statement starts on it, covered when one of them was executed.
 *       (Statements the optimizer compiled to nothing, such as {@code uint256 x;}, do not count.)</li>
 *   <li><b>Functions</b>: every implemented function, constructor and modifier; reached when an executed
 *       instruction lies inside its body.</li>
 *   <li><b>Branches</b>: each {@code if}, ternary, {@code for} and {@code while} condition has two outcomes.
 *       Where the condition's code ends in {@code JUMPI}s (the compiler's conditional jumps, found through
 *       the source map), an outcome is seen when one of them was seen jumping, the other when one was seen
 *       falling through. An {@code if}'s body executed also counts for its outcome, and an {@code else}
 *       executed for the other.</li>
 * </ul>
 */
public final class SolidityCoverage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATEMENTS = Set.of("ExpressionStatement", "VariableDeclarationStatement",
      "Return", "EmitStatement", "RevertStatement", "IfStatement", "ForStatement", "WhileStatement",
      "DoWhileStatement", "Break", "Continue", "PlaceholderStatement", "TryStatement", "InlineAssembly");

  /** A source range: byte offset and length in source file {@code file}. */
  public record Range(int start, int length, int file) {
    static Range of(JsonNode node) {
      String[] p = node.path("src").asText("0:0:-1").split(":");
      return new Range(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    boolean contains(SourceMap.Instruction i) {
      return i.within(file, start, length);
    }
  }

  /** A function, constructor or modifier and whether tests reached it. */
  public record FunctionCoverage(String name, int line, boolean reached) {}

  /**
   * One branch outcome; {@code fromJumps} when judged by the condition's own {@code JUMPI}s, false when the
   * condition has none the source map shows (judged by the bodies executed instead).
   */
  public record Branch(int line, String kind, String outcome, boolean covered, boolean fromJumps) {}

  /** Coverage of one contract. */
  public record ContractCoverage(String contract, String sourceName, int linesTotal, int linesCovered,
      List<Branch> branches, List<FunctionCoverage> functions, TreeMap<Integer, Boolean> lines, boolean deployed) {
    public long branchesCovered() {
      return branches.stream().filter(Branch::covered).count();
    }

    public long functionsReached() {
      return functions.stream().filter(FunctionCoverage::reached).count();
    }

    public List<Integer> uncoveredLines() {
      return lines.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }
  }

  /** Coverage of every contract, and the sources for listings. */
  public record Result(List<ContractCoverage> contracts, Map<String, String> sources, int unmatchedCodes) {
    /** The annotated listing of {@code sourceName}: each line prefixed by {@code +} (executed), {@code !}
     * (executable, never executed) or a blank. */
    public String listing(String sourceName) {
      Map<Integer, Boolean> merged = new TreeMap<>();
      contracts.stream().filter(c -> c.sourceName().equals(sourceName))
          .forEach(c -> c.lines().forEach((line, covered) -> merged.merge(line, covered, Boolean::logicalOr)));
      StringBuilder out = new StringBuilder();
      String[] lines = sources.getOrDefault(sourceName, "").split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Boolean covered = merged.get(i + 1);
        String mark = covered == null ? "  " : covered ? "+ " : "! ";
        out.append(String.format("%s%4d  %s%n", mark, i + 1, lines[i]));
      }
      return out.toString();
    }
  }

  private SolidityCoverage() {}

  /** Computes the coverage of the contracts in {@code buildInfo} from the hits recorded in {@code hits}. */
  public static Result compute(Path buildInfo, CoverageHits hits) throws IOException {
    JsonNode root = JSON.readTree(buildInfo.toFile());
    JsonNode input = root.path("input").path("sources");
    JsonNode output = root.path("output");
    Map<String, String> sources = new LinkedHashMap<>();
    input.properties().forEach(e -> sources.put(e.getKey(), e.getValue().path("content").asText()));

    // code hash -> contract (runtime matches), by comparing with immutables masked
    Map<String, String> contractOfCode = new HashMap<>();
    Map<String, JsonNode> compiled = new LinkedHashMap<>();
    Map<String, String> sourceOf = new HashMap<>();
    for (String sourceName : sources.keySet()) {
      output.path("contracts").path(sourceName).properties().forEach(e -> {
        if (!e.getValue().path("evm").path("deployedBytecode").path("object").asText().isEmpty()) {
          compiled.put(e.getKey(), e.getValue());
          sourceOf.put(e.getKey(), sourceName);
        }
      });
    }
    int unmatched = 0;
    for (Map.Entry<String, String> code : hits.codes().entrySet()) {
      String match = null;
      String value = code.getValue().toLowerCase();
      for (Map.Entry<String, JsonNode> c : compiled.entrySet()) {
        String creation = c.getValue().path("evm").path("bytecode").path("object").asText().toLowerCase();
        if (sameCode(value, c.getValue().path("evm").path("deployedBytecode"))
            || value.startsWith("0x" + creation) && !creation.isEmpty()) {
          match = c.getKey();
        }
      }
      if (match == null) {
        unmatched++;
      } else {
        contractOfCode.put(code.getKey(), match);
      }
    }

    List<ContractCoverage> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : compiled.entrySet()) {
      String name = c.getKey();
      JsonNode evm = c.getValue().path("evm");
      SourceMap runtime = SourceMap.decode(evm.path("deployedBytecode").path("object").asText(),
          evm.path("deployedBytecode").path("sourceMap").asText());
      SourceMap creation = SourceMap.decode(evm.path("bytecode").path("object").asText(),
          evm.path("bytecode").path("sourceMap").asText());
      Executed executed = new Executed(runtime, creation);
      boolean deployed = false;
      for (Map.Entry<String, CoverageHits.Frame> frame : hits.frames().entrySet()) {
        String[] key = frame.getKey().split(":", 2);
        if (!name.equals(contractOfCode.get(key[1]))) {
          continue;
        }
        deployed = true;
        executed.add("create".equals(key[0]) ? creation : runtime, frame.getValue());
      }
      String sourceName = sourceOf.get(name);
      JsonNode ast = output.path("sources").path(sourceName).path("ast");
      JsonNode contractNode = null;
      for (JsonNode node : ast.path("nodes")) {
        if ("ContractDefinition".equals(node.path("nodeType").asText()) && name.equals(node.path("name").asText())) {
          contractNode = node;
        }
      }
      result.add(analyse(name, sourceName, sources.get(sourceName), contractNode, executed, deployed));
    }
    return new Result(result, sources, unmatched);
  }

  /** Executed instructions of one contract (all its recorded codes, runtime and creation). */
  private static final class Executed {
    /** Every instruction of the contract's runtime and creation code, executed or not. */
    final List<SourceMap.Instruction> all = new ArrayList<>();
    final List<SourceMap.Instruction> instructions = new ArrayList<>();
    /** JUMPIs seen: instruction -> [jumped, fell through]. */
    final Map<SourceMap.Instruction, boolean[]> jumpis = new HashMap<>();
    final List<SourceMap.Instruction> allJumpis = new ArrayList<>();

    Executed(SourceMap runtime, SourceMap creation) {
      all.addAll(runtime.instructions());
      all.addAll(creation.instructions());
      all.stream().filter(SourceMap.Instruction::isJumpi).forEach(allJumpis::add);
    }

    void add(SourceMap map, CoverageHits.Frame frame) {
      for (SourceMap.Instruction i : map.instructions()) {
        if (frame.pcs().contains(i.pc())) {
          instructions.add(i);
        }
      }
      for (long packed : frame.jumps()) {
        SourceMap.Instruction jumpi = map.at((int) (packed >>> 32));
        if (jumpi == null) {
          continue;
        }
        int next = (int) packed;
        boolean[] seen = jumpis.computeIfAbsent(jumpi, k -> new boolean[2]);
        seen[next == jumpi.pc() + 1 ? 1 : 0] = true;
      }
    }

    boolean any(Range range) {
      return range != null && instructions.stream().anyMatch(range::contains);
    }

    /** Whether the compiler emitted any instruction for {@code range} (else it is not executable). */
    boolean compiled(Range range) {
      return range != null && all.stream().anyMatch(range::contains);
    }
  }

  private static ContractCoverage analyse(String name, String sourceName, String source, JsonNode contract,
      Executed executed, boolean deployed) {
    int[] lineStarts = lineStarts(source);
    TreeMap<Integer, Boolean> lines = new TreeMap<>();
    List<Branch> branches = new ArrayList<>();
    List<FunctionCoverage> functions = new ArrayList<>();
    if (contract != null) {
      for (JsonNode member : contract.path("nodes")) {
        String type = member.path("nodeType").asText();
        if (!("FunctionDefinition".equals(type) || "ModifierDefinition".equals(type))
            || member.path("body").isMissingNode() || member.path("body").isNull()) {
          continue;
        }
        String kind = member.path("kind").asText("modifier");
        String label = "constructor".equals(kind) ? "constructor"
            : member.path("name").asText() + ("modifier".equals(kind) ? " (modifier)" : "");
        Range body = Range.of(member.path("body"));
        functions.add(new FunctionCoverage(label, line(lineStarts, Range.of(member).start()), executed.any(body)));
        walk(member.path("body"), node -> {
          String nodeType = node.path("nodeType").asText();
          if (STATEMENTS.contains(nodeType)) {
            Range where = node.has("condition") && !node.path("condition").isNull()
                ? Range.of(node.path("condition")) : Range.of(node);
            int line = line(lineStarts, Range.of(node).start());
            if (executed.compiled(where)) {
              lines.merge(line, executed.any(where), Boolean::logicalOr);
            }
          }
          if (Set.of("IfStatement", "Conditional", "ForStatement", "WhileStatement", "DoWhileStatement")
              .contains(nodeType) && node.has("condition") && !node.path("condition").isNull()) {
            branches.addAll(branchesOf(node, nodeType, executed, lineStarts));
          }
        });
      }
    }
    int covered = (int) lines.values().stream().filter(b -> b).count();
    return new ContractCoverage(name, sourceName, lines.size(), covered, branches, functions, lines, deployed);
  }

  private static List<Branch> branchesOf(JsonNode node, String type, Executed executed, int[] lineStarts) {
    Range condition = Range.of(node.path("condition"));
    Range whole = Range.of(node);
    boolean jumped = false;
    boolean fell = false;
    boolean hasJumpi = false;
    for (SourceMap.Instruction jumpi : executed.allJumpis) {
      if (condition.contains(jumpi) || jumpi.within(whole.file(), whole.start(), whole.length())
          && jumpi.start() == whole.start() && jumpi.length() == whole.length()) {
        hasJumpi = true;
        boolean[] seen = executed.jumpis.get(jumpi);
        if (seen != null) {
          jumped |= seen[0];
          fell |= seen[1];
        }
      }
    }
    int line = line(lineStarts, whole.start());
    String kind = switch (type) {
      case "IfStatement" -> "if";
      case "Conditional" -> "?:";
      case "ForStatement" -> "for";
      default -> "while";
    };
    Range yes = rangeOrNull(node, "IfStatement".equals(type) ? "trueBody" : "trueExpression");
    Range no = rangeOrNull(node, "IfStatement".equals(type) ? "falseBody" : "falseExpression");
    boolean yesCovered = executed.any(yes);
    boolean noCovered = executed.any(no);
    if (!hasJumpi) {
      // no conditional jump of its own (the optimizer merged or moved it): judge by the bodies
      return List.of(new Branch(line, kind, "true", yesCovered, false),
          new Branch(line, kind, "false", noCovered || (no == null && executed.any(condition)), false));
    }
    // a JUMPI's direction is the compiler's choice, so the two outcomes are "jumped" and "fell through";
    // an executed body also shows its outcome
    boolean first = jumped || yesCovered;
    boolean second = fell || noCovered;
    if (yesCovered && !noCovered && jumped && fell) {
      first = second = true;
    }
    return List.of(new Branch(line, kind, "taken", first, true), new Branch(line, kind, "not taken", second, true));
  }

  private static Range rangeOrNull(JsonNode node, String field) {
    JsonNode child = node.path(field);
    return child.isMissingNode() || child.isNull() ? null : Range.of(child);
  }

  /** Visits every AST node (object with a {@code nodeType}) under {@code node}, parents first. */
  static void walk(JsonNode node, Consumer<JsonNode> visit) {
    if (node.isObject()) {
      if (node.has("nodeType")) {
        visit.accept(node);
      }
      node.properties().forEach(e -> walk(e.getValue(), visit));
    } else if (node.isArray()) {
      node.forEach(child -> walk(child, visit));
    }
  }

  private static int[] lineStarts(String source) {
    byte[] bytes = source.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The 1-based line of byte offset {@code offset}. */
  private static int line(int[] lineStarts, int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  /** Whether recorded runtime {@code code} is {@code deployedBytecode} with its immutables filled in. */
  static boolean sameCode(String code, JsonNode deployedBytecode) {
    String expected = deployedBytecode.path("object").asText();
    String actual = code.startsWith("0x") ? code.substring(2) : code;
    if (expected.length() != actual.length()) {
      return false;
    }
    char[] masked = actual.toLowerCase().toCharArray();
    deployedBytecode.path("immutableReferences").forEach(refs -> refs.forEach(ref -> {
      int start = ref.path("start").asInt() * 2;
      int length = ref.path("length").asInt() * 2;
      for (int i = start; i < start + length && i < masked.length; i++) {
        masked[i] = expected.charAt(i);
      }
    }));
    return new String(masked).equals(expected.toLowerCase());
  }
}
