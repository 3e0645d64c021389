package org.zennet.runtime;

/**
 * How a {@link TaskRuntime} is set up; loaded once and passed by constructor.
 *
 * @param slots worker threads, hence tasks running at once
 * @param queueCapacity tasks that may wait for a slot; more are refused
 * @param moduleCacheSize prepared (instrumented and compiled) modules kept, least recently used dropped
 * @param stackBytes each worker thread's stack: the call-depth cap (a deeper task fails with CALL_DEPTH)
 * @param engine Chicory's compiler (the provider's) or its interpreter (for tests and comparison)
 * @param metering whether modules are instrumented for fuel; off only to measure what metering costs,
 *     and then fuel is neither counted nor capped
 */
public record RuntimeConfig(int slots, int queueCapacity, int moduleCacheSize, long stackBytes, Engine engine,
    boolean metering) {
  public static final int DEFAULT_SLOTS = Math.max(1, Runtime.getRuntime().availableProcessors());
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;
  public static final int DEFAULT_MODULE_CACHE_SIZE = 32;
  public static final long DEFAULT_STACK_BYTES = 8L << 20;

  public static final RuntimeConfig DEFAULT = new RuntimeConfig(DEFAULT_SLOTS, DEFAULT_QUEUE_CAPACITY,
      DEFAULT_MODULE_CACHE_SIZE, DEFAULT_STACK_BYTES, Engine.COMPILER, true);

  /** How Chicory executes a module. */
  public enum Engine {
    /** WebAssembly compiled to JVM bytecode: the fast path. */
    COMPILER,
    /** Chicory's interpreter. */
    INTERPRETER
  }

  public RuntimeConfig {
    if (slots < 1 || slots > 4096) {
      throw new IllegalArgumentException("slots must be 1..4096, got " + slots);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must not be negative, got " + queueCapacity);
    }
    if (moduleCacheSize < 1) {
      throw new IllegalArgumentException("moduleCacheSize must be at least 1, got " + moduleCacheSize);
    }
    if (stackBytes < (256L << 10) || stackBytes > (1L << 30)) {
      throw new IllegalArgumentException("stackBytes must be 256 KiB..1 GiB, got " + stackBytes);
    }
    if (engine == null) {
      throw new IllegalArgumentException("engine must be set");
    }
  }

  public RuntimeConfig withSlots(int n) {
    return new RuntimeConfig(n, queueCapacity, moduleCacheSize, stackBytes, engine, metering);
  }

  public RuntimeConfig withEngine(Engine e) {
    return new RuntimeConfig(slots, queueCapacity, moduleCacheSize, stackBytes, e, metering);
  }

  public RuntimeConfig withMetering(boolean on) {
    return new RuntimeConfig(slots, queueCapacity, moduleCacheSize, stackBytes, engine, on);
  }

  public RuntimeConfig withStackBytes(long bytes) {
    return new RuntimeConfig(slots, queueCapacity, moduleCacheSize, bytes, engine, metering);
  }
}
