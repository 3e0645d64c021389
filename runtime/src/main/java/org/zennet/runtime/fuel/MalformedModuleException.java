package org.zennet.runtime.fuel;

/** The bytes are not a WebAssembly module the instrumenter can meter; the message says where and why. */
public final class MalformedModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedModuleException(String message) {
    super(message);
  }
}
