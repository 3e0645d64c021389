package org.zennet.runtime;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A task's linear memory: Chicory's {@link ByteBufferMemory} with its maximum lowered to the task's cap,
 * remembering whether a {@code memory.grow} was refused because of that cap (rather than the module's own
 * maximum), so that a task that then fails is reported as having hit the memory cap.
 */
final class CappedMemory implements Memory {
  private final ByteBufferMemory memory;
  private final int declaredMaximum;
  private volatile boolean capHit;

  private CappedMemory(ByteBufferMemory memory, int declaredMaximum) {
    this.memory = memory;
    this.declaredMaximum = declaredMaximum;
  }

  /**
   * The memory for the module's declared {@code limits} under a cap of {@code capPages}.
   *
   * @throws MemoryCapException when the module's initial size is already over the cap
   */
  static CappedMemory create(MemoryLimits limits, int capPages) {
    if (limits.initialPages() > capPages) {
      throw new MemoryCapException(limits.initialPages(), capPages);
    }
    int max = Math.min(limits.maximumPages(), capPages);
    return new CappedMemory(new ByteBufferMemory(new MemoryLimits(limits.initialPages(), max)), limits.maximumPages());
  }

  boolean capHit() {
    return capHit;
  }

  @Override
  public int grow(int size) {
    int result = memory.grow(size);
    if (result < 0 && size > 0 && (long) memory.pages() + size <= declaredMaximum) {
      capHit = true;
    }
    return result;
  }

  /** The module's initial memory is larger than the cap. */
  static final class MemoryCapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MemoryCapException(int initial, int cap) {
      super("the module starts with " + initial + " memory pages, over the cap of " + cap + " pages");
    }
  }

  // plain delegation below

  @Override public int pages() { return memory.pages(); }
  @Override public int initialPages() { return memory.initialPages(); }
  @Override public int maximumPages() { return memory.maximumPages(); }
  @Override public boolean shared() { return memory.shared(); }
  @Override public Object lock(int address) { return memory.lock(address); }
  @Override public int waitOn(int address, int expected, long timeout) { return memory.waitOn(address, expected, timeout); }
  @Override public int waitOn(int address, long expected, long timeout) { return memory.waitOn(address, expected, timeout); }
  @Override public int notify(int address, int maxThreads) { return memory.notify(address, maxThreads); }
  @Override public void initialize(Instance instance, DataSegment[] dataSegments) { memory.initialize(instance, dataSegments); }
  @Override public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
    memory.initialize(instance, dataSegments, memoryIndex);
  }
  @Override public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    memory.initPassiveSegment(segmentId, dest, offset, size);
  }
  @Override public void write(int addr, byte[] data, int offset, int size) { memory.write(addr, data, offset, size); }
  @Override public void write(int addr, byte[] data) { memory.write(addr, data); }
  @Override public byte read(int addr) { return memory.read(addr); }
  @Override public byte[] readBytes(int addr, int len) { return memory.readBytes(addr, len); }
  @Override public void writeI32(int addr, int data) { memory.writeI32(addr, data); }
  @Override public int readInt(int addr) { return memory.readInt(addr); }
  @Override public long readI32(int addr) { return memory.readI32(addr); }
  @Override public long readU32(int addr) { return memory.readU32(addr); }
  @Override public void writeLong(int addr, long data) { memory.writeLong(addr, data); }
  @Override public long readLong(int addr) { return memory.readLong(addr); }
  @Override public long readI64(int addr) { return memory.readI64(addr); }
  @Override public void writeShort(int addr, short data) { memory.writeShort(addr, data); }
  @Override public short readShort(int addr) { return memory.readShort(addr); }
  @Override public long readI16(int addr) { return memory.readI16(addr); }
  @Override public long readU16(int addr) { return memory.readU16(addr); }
  @Override public void writeByte(int addr, byte data) { memory.writeByte(addr, data); }
  @Override public long readU8(int addr) { return memory.readU8(addr); }
  @Override public long readI8(int addr) { return memory.readI8(addr); }
  @Override public void writeF32(int addr, float data) { memory.writeF32(addr, data); }
  @Override public long readF32(int addr) { return memory.readF32(addr); }
  @Override public float readFloat(int addr) { return memory.readFloat(addr); }
  @Override public void writeF64(int addr, double data) { memory.writeF64(addr, data); }
  @Override public double readDouble(int addr) { return memory.readDouble(addr); }
  @Override public long readF64(int addr) { return memory.readF64(addr); }
  @Override public void zero() { memory.zero(); }
  @Override public void fill(byte value, int fromIndex, int toIndex) { memory.fill(value, fromIndex, toIndex); }
  @Override public void copy(int dest, int src, int size) { memory.copy(dest, src, size); }
  @Override public void drop(int segment) { memory.drop(segment); }
}
