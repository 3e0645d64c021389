package org.zennet.runtime.fuel;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds fuel metering to a WebAssembly module, the way blockchain runtimes meter WebAssembly: a mutable i64
 * global holds the fuel left, every straight-line segment of every function body adds its cost to a
 * pending count, and checkpoints move the pending count into the global and trap ({@code unreachable})
 * when the fuel left is negative. The normative description is docs/runtime.md, "Fuel".
 *
 * <h2>Segments</h2>
 * A function body is cut into segments after every instruction that can end straight-line execution or
 * be jumped past: {@code block}, {@code loop}, {@code if}, {@code else}, {@code end}, {@code br},
 * {@code br_if}, {@code br_table}, {@code return}, {@code unreachable}, {@code call} and
 * {@code call_indirect}. Control can enter a segment only at its first instruction and leave only after
 * its last, so a segment runs whole or not at all (barring a trap inside it). Each non-empty segment starts
 * with {@code local.get $pending; i64.const COST; i64.add; local.set $pending}.
 *
 * <h2>Checkpoints</h2>
 * <pre>
 *   global.get $fuel  local.get $pending  i64.sub  local.tee $scratch  global.set $fuel
 *   i64.const 0  local.set $pending  local.get $scratch  i64.const 0  i64.lt_s  if  unreachable  end
 * </pre>
 * sits before every {@code call}, {@code call_indirect} and {@code return}, before a branch that can
 * target the function's own label, before the function's final {@code end}, and at the head of every loop
 * body once more than {@link #LOOP_CHECKPOINT_THRESHOLD} is pending. A checkpoint never changes the total,
 * only where it is kept, so the fuel of a run that returns or exits through {@code proc_exit} is exact;
 * nothing is pending in any frame when a call is made, so an exit from deep inside loses nothing.
 *
 * <h2>The counting rule</h2>
 * Fuel is the number of executed instructions of the original module, each counting 1 (prefixed
 * {@code 0xFC} instructions too), where {@code block}, {@code loop} and {@code if} count once when entered
 * (a branch back to a loop re-enters after the {@code loop}); {@code else} counts when the then-arm runs
 * into it; an {@code end} of a block, loop or if counts when control leaves the construct through it, by
 * running into it or by a branch to that block or if; the final {@code end} of a function body does not
 * count. To implement this, an {@code end} is charged to the segment that follows it, which control
 * reaches from exactly those two ways. A run that traps is charged what its checkpoints recorded: the
 * instructions since the last checkpoint of each active frame are not charged (deterministically).
 *
 * <h2>What changes in the module</h2>
 * Structured control flow uses relative labels, so no branch target moves. The fuel global is appended
 * after every defined global, so it has the highest global index and no existing index shifts; two i64
 * locals are appended to each function's locals. Only the global section (created if absent) and the code
 * section change; every other section, custom sections included, is copied byte for byte. Code that
 * names a global or local index the original does not have is refused (it would reach the additions), and
 * so are features whose instructions are not metered here (SIMD, threads, exceptions, tail calls, GC).
 */
public final class FuelInstrumenter {
  private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  private static final int SECTION_CUSTOM = 0;
  private static final int SECTION_TYPE = 1;
  private static final int SECTION_IMPORT = 2;
  private static final int SECTION_FUNCTION = 3;
  private static final int SECTION_GLOBAL = 6;
  private static final int SECTION_CODE = 10;
  /** Locals per function: the same bound as common engines, so nothing absurd is allocated. */
  private static final long MAX_LOCALS = 50_000;
  /** A loop head moves the pending count to the fuel global only when more than this is pending. */
  static final long LOOP_CHECKPOINT_THRESHOLD = 10_000;

  private FuelInstrumenter() {}

  /**
   * The module with fuel metering added.
   *
   * @throws MalformedModuleException when the bytes are not a module, or use a feature that is not metered
   */
  public static MeteredModule instrument(byte[] module) {
    if (module.length < MAGIC.length) {
      throw new MalformedModuleException("too short to be a WebAssembly module (" + module.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (module[i] != MAGIC[i]) {
        throw new MalformedModuleException("not a WebAssembly 1.0 binary (bad magic number or version)");
      }
    }
    List<Section> sections = new ArrayList<>();
    WasmInput in = new WasmInput(module, MAGIC.length, module.length);
    while (in.hasMore()) {
      int id = in.u8();
      int size = in.index();
      int start = in.position();
      in.skip(size);
      sections.add(new Section(id, start, start + size));
    }

    List<int[]> types = new ArrayList<>(); // param count per type (index 0 of each array)
    List<Integer> functionTypes = new ArrayList<>(); // type index per function, imports first
    int importedFunctions = 0;
    int importedGlobals = 0;
    int definedGlobals = 0;
    for (Section s : sections) {
      switch (s.id) {
        case SECTION_TYPE -> readTypes(module, s, types);
        case SECTION_IMPORT -> {
          int[] counts = readImports(module, s, functionTypes);
          importedFunctions = counts[0];
          importedGlobals = counts[1];
        }
        case SECTION_FUNCTION -> {
          WasmInput f = s.input(module);
          int n = f.index();
          for (int i = 0; i < n; i++) {
            functionTypes.add(f.index());
          }
        }
        case SECTION_GLOBAL -> definedGlobals = s.input(module).index();
        default -> { }
      }
    }
    int originalGlobals = importedGlobals + definedGlobals;
    int fuelGlobal = originalGlobals;
    Context ctx = new Context(module, types, functionTypes, importedFunctions, originalGlobals, fuelGlobal);

    WasmOutput out = new WasmOutput().bytes(MAGIC);
    boolean globalWritten = false;
    int segments = 0;
    for (Section s : sections) {
      if (!globalWritten && s.id != SECTION_CUSTOM && rank(s.id) > rank(SECTION_GLOBAL)) {
        writeSection(out, SECTION_GLOBAL, globalSection(module, null));
        globalWritten = true;
      }
      if (s.id == SECTION_GLOBAL) {
        writeSection(out, SECTION_GLOBAL, globalSection(module, s));
        globalWritten = true;
      } else if (s.id == SECTION_CODE) {
        CodeResult code = codeSection(ctx, s);
        segments = code.segments;
        writeSection(out, SECTION_CODE, code.bytes);
      } else {
        out.u8(s.id).u32(s.end - s.start).bytes(module, s.start, s.end);
      }
    }
    if (!globalWritten) {
      writeSection(out, SECTION_GLOBAL, globalSection(module, null));
    }
    return new MeteredModule(out.toByteArray(), fuelGlobal, definedGlobals, segments);
  }

  private record Section(int id, int start, int end) {
    WasmInput input(byte[] module) {
      return new WasmInput(module, start, end);
    }
  }

  private record Context(byte[] module, List<int[]> types, List<Integer> functionTypes, int importedFunctions,
      int originalGlobals, int fuelGlobal) {}

  private record CodeResult(byte[] bytes, int segments) {}

  /** The order sections must appear in (the tag section sits between memory and global). */
  private static int rank(int id) {
    return switch (id) {
      case 1, 2, 3, 4, 5 -> id;
      case 13 -> 6;
      case 6 -> 7;
      case 7 -> 8;
      case 8 -> 9;
      case 9 -> 10;
      case 12 -> 11;
      case 10 -> 12;
      case 11 -> 13;
      default -> throw new MalformedModuleException("unknown section id " + id);
    };
  }

  private static void writeSection(WasmOutput out, int id, byte[] payload) {
    out.u8(id).sized(payload);
  }

  private static void readTypes(byte[] module, Section s, List<int[]> types) {
    WasmInput in = s.input(module);
    int n = in.index();
    for (int i = 0; i < n; i++) {
      int form = in.u8();
      if (form != 0x60) {
        throw unsupported("type form 0x" + Integer.toHexString(form), "garbage collection");
      }
      int params = in.index();
      for (int p = 0; p < params; p++) {
        valType(in);
      }
      int results = in.index();
      for (int r = 0; r < results; r++) {
        valType(in);
      }
      types.add(new int[] {params});
    }
  }

  private static void valType(WasmInput in) {
    int t = in.u8();
    switch (t) {
      case 0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F -> { }
      case 0x7B -> throw unsupported("type v128", "SIMD");
      default -> throw unsupported("value type 0x" + Integer.toHexString(t), "garbage collection");
    }
  }

  /** Reads the imports; returns the imported function and global counts. */
  private static int[] readImports(byte[] module, Section s, List<Integer> functionTypes) {
    WasmInput in = s.input(module);
    int n = in.index();
    int functions = 0;
    int globals = 0;
    for (int i = 0; i < n; i++) {
      in.skip(in.index());
      in.skip(in.index());
      int kind = in.u8();
      switch (kind) {
        case 0 -> {
          functionTypes.add(in.index());
          functions++;
        }
        case 1 -> {
          valType(in);
          limits(in);
        }
        case 2 -> limits(in);
        case 3 -> {
          valType(in);
          in.u8();
          globals++;
        }
        case 4 -> throw unsupported("tag import", "exception handling");
        default -> throw new MalformedModuleException("unknown import kind " + kind);
      }
    }
    return new int[] {functions, globals};
  }

  private static void limits(WasmInput in) {
    int flags = in.u8();
    if ((flags & ~0x03) != 0) {
      throw unsupported("limits flags 0x" + Integer.toHexString(flags), "64-bit memory");
    }
    in.u32();
    if ((flags & 0x01) != 0) {
      in.u32();
    }
  }

  /** The global section with the fuel global appended: {@code (global (mut i64) (i64.const 0))}. */
  private static byte[] globalSection(byte[] module, Section existing) {
    WasmOutput out = new WasmOutput();
    if (existing == null) {
      out.u32(1);
    } else {
      WasmInput in = existing.input(module);
      int n = in.index();
      out.u32((long) n + 1).bytes(module, in.position(), existing.end);
    }
    out.u8(0x7E).u8(0x01).u8(0x42).u8(0x00).u8(0x0B);
    return out.toByteArray();
  }

  private static CodeResult codeSection(Context ctx, Section s) {
    WasmInput in = s.input(ctx.module);
    int n = in.index();
    int defined = ctx.functionTypes.size() - ctx.importedFunctions;
    if (n != defined) {
      throw new MalformedModuleException("the code section has " + n + " bodies for " + defined + " functions");
    }
    WasmOutput out = new WasmOutput().u32(n);
    int segments = 0;
    for (int f = 0; f < n; f++) {
      int size = in.index();
      int start = in.position();
      in.skip(size);
      int typeIndex = ctx.functionTypes.get(ctx.importedFunctions + f);
      if (typeIndex >= ctx.types.size()) {
        throw new MalformedModuleException("function " + (ctx.importedFunctions + f) + " has unknown type " + typeIndex);
      }
      BodyWriter body = new BodyWriter(ctx, ctx.types.get(typeIndex)[0], start, start + size);
      byte[] rewritten = body.rewrite();
      segments += body.segments;
      out.sized(rewritten);
    }
    if (in.hasMore()) {
      throw new MalformedModuleException("trailing bytes after the function bodies");
    }
    return new CodeResult(out.toByteArray(), segments);
  }

  /** Rewrites one function body. */
  private static final class BodyWriter {
    private final Context ctx;
    private final byte[] code;
    private final int params;
    private final int start;
    private final int end;
    private final WasmOutput out = new WasmOutput();
    private long localCount;
    private int pending;
    private int scratch;
    int segments;

    BodyWriter(Context ctx, int params, int start, int end) {
      this.ctx = ctx;
      this.code = ctx.module;
      this.params = params;
      this.start = start;
      this.end = end;
    }

    byte[] rewrite() {
      WasmInput in = new WasmInput(code, start, end);
      int groups = in.index();
      int groupsStart = in.position();
      localCount = params;
      for (int g = 0; g < groups; g++) {
        localCount += in.u32() & 0xFFFF_FFFFL;
        valType(in);
        if (localCount > MAX_LOCALS) {
          throw new MalformedModuleException("a function declares more than " + MAX_LOCALS + " locals");
        }
      }
      pending = (int) localCount;
      scratch = pending + 1;
      out.u32((long) groups + 1).bytes(code, groupsStart, in.position()).u32(2).u8(0x7E);

      int depth = 0;
      int segmentStart = in.position();
      long cost = 0;
      boolean loopHead = false;
      boolean finished = false;
      while (in.hasMore()) {
        if (finished) {
          throw new MalformedModuleException("instructions after the final end of a function body");
        }
        int instructionStart = in.position();
        int op = in.u8();
        immediates(op, in);
        switch (op) {
          case 0x02, 0x03, 0x04 -> {
            depth++;
            emit(segmentStart, instructionStart, in.position(), cost + 1, loopHead, false);
            cost = 0;
            loopHead = op == 0x03;
            segmentStart = in.position();
          }
          case 0x0B -> {
            // an end is charged to the segment after it; the function's final end is free
            boolean last = depth == 0;
            depth--;
            emit(segmentStart, instructionStart, in.position(), cost, loopHead, last);
            cost = last ? 0 : 1;
            loopHead = false;
            segmentStart = in.position();
            finished = last;
          }
          case 0x00, 0x05, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11 -> {
            boolean checkpoint = op == 0x0F || op == 0x10 || op == 0x11
                || ((op == 0x0C || op == 0x0D || op == 0x0E) && leavesFunction(instructionStart, depth));
            emit(segmentStart, instructionStart, in.position(), cost + 1, loopHead, checkpoint);
            cost = 0;
            loopHead = false;
            segmentStart = in.position();
          }
          default -> cost++;
        }
      }
      if (!finished) {
        throw new MalformedModuleException("a function body does not end with end");
      }
      return out.toByteArray();
    }

    /**
     * Writes one segment: the addition of its cost to the pending local, a checkpoint right after it when the
     * segment heads a loop, its instructions, and a checkpoint before its last instruction when that one calls,
     * returns or branches out of the function.
     */
    private void emit(int from, int last, int to, long cost, boolean loopHead, boolean checkpointBeforeLast) {
      if (cost > 0) {
        segments++;
        out.u8(0x20).u32(pending).u8(0x42).s64(cost).u8(0x7C).u8(0x21).u32(pending);
      }
      if (loopHead) {
        // a loop checkpoints only once enough is pending, so that tight loops stay in locals
        out.u8(0x20).u32(pending).u8(0x42).s64(LOOP_CHECKPOINT_THRESHOLD).u8(0x55).u8(0x04).u8(0x40);
        checkpoint();
        out.u8(0x0B);
      }
      out.bytes(code, from, last);
      if (checkpointBeforeLast) {
        checkpoint();
      }
      out.bytes(code, last, to);
    }

    /** Moves the pending count to the fuel global and traps when the fuel is negative. */
    private void checkpoint() {
      out.u8(0x23).u32(ctx.fuelGlobal)
          .u8(0x20).u32(pending)
          .u8(0x7D)
          .u8(0x22).u32(scratch)
          .u8(0x24).u32(ctx.fuelGlobal)
          .u8(0x42).u8(0x00).u8(0x21).u32(pending)
          .u8(0x20).u32(scratch)
          .u8(0x42).u8(0x00)
          .u8(0x53)
          .u8(0x04).u8(0x40).u8(0x00).u8(0x0B);
    }

    /** Whether the br, br_if or br_table at {@code at} can target the function's own label. */
    private boolean leavesFunction(int at, int depth) {
      WasmInput in = new WasmInput(code, at, end);
      int op = in.u8();
      if (op != 0x0E) {
        return in.u32() == depth;
      }
      int n = in.index();
      for (int i = 0; i <= n; i++) {
        if (in.u32() == depth) {
          return true;
        }
      }
      return false;
    }

    /** Skips an instruction's immediates, refusing what is not metered and indices that would reach the additions. */
    private void immediates(int op, WasmInput in) {
      switch (op) {
        case 0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1 -> { }
        case 0x02, 0x03, 0x04 -> blockType(in);
        case 0x0C, 0x0D, 0x10, 0x25, 0x26, 0xD2 -> in.u32();
        case 0x0E -> {
          int n = in.index();
          for (int i = 0; i <= n; i++) {
            in.u32();
          }
        }
        case 0x11 -> {
          in.u32();
          in.u32();
        }
        case 0x1C -> {
          int n = in.index();
          for (int i = 0; i < n; i++) {
            valType(in);
          }
        }
        case 0x20, 0x21, 0x22 -> {
          long local = in.u32() & 0xFFFF_FFFFL;
          if (local >= localCount) {
            throw new MalformedModuleException("local index " + local + " out of range");
          }
        }
        case 0x23, 0x24 -> {
          long global = in.u32() & 0xFFFF_FFFFL;
          if (global >= ctx.originalGlobals) {
            throw new MalformedModuleException("global index " + global + " out of range");
          }
        }
        case 0x3F, 0x40 -> in.u32();
        case 0x41 -> in.signed(32);
        case 0x42 -> in.signed(64);
        case 0x43 -> in.skip(4);
        case 0x44 -> in.skip(8);
        case 0xD0 -> in.signed(33);
        case 0xFC -> prefixed(in);
        case 0xFD -> throw unsupported("instruction 0xFD", "SIMD");
        case 0xFE -> throw unsupported("instruction 0xFE", "threads");
        case 0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19, 0x1F -> throw unsupported(hex(op), "exception handling");
        case 0x12, 0x13, 0x14, 0x15 -> throw unsupported(hex(op), "tail calls and function references");
        default -> {
          if (op >= 0x28 && op <= 0x3E) {
            memarg(in);
          } else if (op < 0x45 || op > 0xC4) {
            throw new MalformedModuleException("unknown instruction " + hex(op));
          }
        }
      }
    }

    private static void blockType(WasmInput in) {
      long t = in.signed(33);
      if (t < 0 && t != -0x40 && t != -0x01 && t != -0x02 && t != -0x03 && t != -0x04 && t != -0x10 && t != -0x11) {
        throw unsupported("block type " + t, "SIMD or garbage collection");
      }
    }

    private static void memarg(WasmInput in) {
      int align = in.u32();
      if ((align & 0x40) != 0) {
        in.u32();
      }
      in.signed(64);
    }

    private static void prefixed(WasmInput in) {
      int sub = in.u32();
      switch (sub) {
        case 0, 1, 2, 3, 4, 5, 6, 7 -> { }
        case 9, 11, 13, 15, 16, 17 -> in.u32();
        case 8, 10, 12, 14 -> {
          in.u32();
          in.u32();
        }
        default -> throw new MalformedModuleException("unknown instruction 0xFC " + sub);
      }
    }
  }

  private static String hex(int op) {
    return "instruction 0x" + Integer.toHexString(op);
  }

  private static MalformedModuleException unsupported(String what, String feature) {
    return new MalformedModuleException(what + ": the " + feature + " feature is not supported in Zennet tasks");
  }
}
