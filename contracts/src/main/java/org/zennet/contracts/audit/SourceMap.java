package org.zennet.contracts.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One contract code's instructions with their solc source-map entries.
 *
 * <p>solc's source map has one entry per instruction (not per byte), {@code s:l:f:j:m} separated by
 * {@code ;}, where an empty field repeats the previous entry's value: {@code s} byte offset and {@code l}
 * length of the source range, {@code f} the source id (-1: no source, compiler-generated), {@code j} the
 * jump type ({@code i} into a function, {@code o} out of one, {@code -} a plain jump), {@code m} the
 * modifier depth. Instruction {@code k} starts at the byte offset found by walking the bytecode, where
 * {@code PUSH1 .. PUSH32} (0x60 .. 0x7f) carry 1 .. 32 immediate bytes.
 */
public final class SourceMap {
  /** An instruction: program counter, opcode and source range. */
  public record Instruction(int pc, int opcode, int start, int length, int file, char jump) {
    /** Whether its source range lies within {@code [start, start + length)} of {@code file}. */
    public boolean within(int file, int start, int length) {
      return this.file == file && this.start >= start && this.start + this.length <= start + length;
    }

    public boolean isJumpi() {
      return opcode == 0x57;
    }
  }

  private final List<Instruction> instructions;
  private final Map<Integer, Instruction> byPc = new HashMap<>();

  private SourceMap(List<Instruction> instructions) {
    this.instructions = List.copyOf(instructions);
    instructions.forEach(i -> byPc.put(i.pc(), i));
  }

  /** Decodes {@code bytecode} (hex, with or without 0x) and its compressed {@code sourceMap}. */
  public static SourceMap decode(String bytecode, String sourceMap) {
    byte[] code = hex(bytecode);
    String[] entries = sourceMap == null || sourceMap.isEmpty() ? new String[0] : sourceMap.split(";", -1);
    List<Instruction> out = new ArrayList<>();
    int s = -1;
    int l = -1;
    int f = -1;
    char j = '-';
    int pc = 0;
    for (String entry : entries) {
      if (pc >= code.length) {
        break;
      }
      String[] fields = entry.split(":", -1);
      if (fields.length > 0 && !fields[0].isEmpty()) {
        s = Integer.parseInt(fields[0]);
      }
      if (fields.length > 1 && !fields[1].isEmpty()) {
        l = Integer.parseInt(fields[1]);
      }
      if (fields.length > 2 && !fields[2].isEmpty()) {
        f = Integer.parseInt(fields[2]);
      }
      if (fields.length > 3 && !fields[3].isEmpty()) {
        j = fields[3].charAt(0);
      }
      int opcode = code[pc] & 0xff;
      out.add(new Instruction(pc, opcode, s, l, f, j));
      pc += 1 + (opcode >= 0x60 && opcode <= 0x7f ? opcode - 0x5f : 0);
    }
    return new SourceMap(out);
  }

  public List<Instruction> instructions() {
    return instructions;
  }

  /** The instruction starting at {@code pc}, or null (data, metadata, or a pc inside a PUSH). */
  public Instruction at(int pc) {
    return byPc.get(pc);
  }

  static byte[] hex(String hex) {
    String h = hex.startsWith("0x") ? hex.substring(2) : hex;
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(h, 2 * i, 2 * i + 2, 16);
    }
    return out;
  }
}
