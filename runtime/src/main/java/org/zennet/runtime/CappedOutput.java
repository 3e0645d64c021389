package org.zennet.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * A task's output stream, held in memory up to a cap. Past the cap it either fails the task (stdout:
 * {@link OutputLimitExceeded} propagates out of the WASI call and ends the run) or drops the rest (stderr).
 */
final class CappedOutput extends OutputStream {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final long cap;
  private final boolean failWhenFull;
  private boolean exceeded;

  CappedOutput(long cap, boolean failWhenFull) {
    this.cap = cap;
    this.failWhenFull = failWhenFull;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    long room = cap - buffer.size();
    if (len > room) {
      buffer.write(b, off, (int) Math.max(0, room));
      exceeded = true;
      if (failWhenFull) {
        throw new OutputLimitExceeded(cap);
      }
      return;
    }
    buffer.write(b, off, len);
  }

  boolean exceeded() {
    return exceeded;
  }

  byte[] bytes() {
    return buffer.toByteArray();
  }

  /** Thrown from a WASI write past the stdout cap; unwinds the task. */
  static final class OutputLimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputLimitExceeded(long cap) {
      super("stdout passed its cap of " + cap + " bytes", null, false, false);
    }
  }
}
