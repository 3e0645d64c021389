package org.zennet.runtime;

/**
 * A task that did not run to its end, with the reason: which cap it breached, or what was wrong with it.
 * The message says what happened in words a publisher or provider can act on.
 */
public final class TaskFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a task failed. */
  public enum Reason {
    /** It used all the fuel it was given. */
    FUEL_EXHAUSTED("fuel"),
    /** It asked for more linear memory than the cap (at instantiation or by memory.grow) and then failed. */
    MEMORY_LIMIT("memory"),
    /** It ran longer than the wall-clock cap. */
    TIMEOUT("time"),
    /** It wrote more than the stdout cap. */
    OUTPUT_LIMIT("output"),
    /** Its calls nested deeper than the worker's stack allows. */
    CALL_DEPTH("call depth"),
    /** It trapped (unreachable, out-of-bounds access, division by zero, ...) or a WASI call failed. */
    TRAP(null),
    /** The bytes are not a valid WebAssembly module, use an unsupported feature, or export no {@code _start}. */
    INVALID_MODULE(null),
    /** It imports something the sandbox does not provide. */
    MISSING_IMPORT(null),
    /** It exited with a nonzero code (only from {@link TaskResult#requireSuccess()}). */
    EXIT_NONZERO(null),
    /** The runtime was closed or cancelled the task before it finished. */
    CANCELLED(null);

    private final String cap;

    Reason(String cap) {
      this.cap = cap;
    }

    /** The cap this reason is a breach of, or null when it is not a cap. */
    public String cap() {
      return cap;
    }
  }

  private final Reason reason;
  private final long fuelUsed;

  public TaskFailure(Reason reason, String message, long fuelUsed, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.fuelUsed = fuelUsed;
  }

  public Reason reason() {
    return reason;
  }

  /** Fuel spent before the task ended (its whole allowance for FUEL_EXHAUSTED); 0 when it never started. */
  public long fuelUsed() {
    return fuelUsed;
  }
}
