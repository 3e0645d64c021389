package org.zennet.runtime;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A task's WebAssembly module and its SHA-256, the key it is fetched, cached and checked by.
 *
 * @param bytes the module binary (not copied: do not modify it)
 * @param sha256 the lowercase hex SHA-256 of {@code bytes}
 */
public record TaskModule(byte[] bytes, String sha256) {
  public TaskModule {
    if (bytes == null || sha256 == null) {
      throw new IllegalArgumentException("a task module needs its bytes and hash");
    }
  }

  /** The module with its hash computed. */
  public static TaskModule of(byte[] bytes) {
    return new TaskModule(bytes, sha256(bytes));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "TaskModule[" + bytes.length + " bytes, sha256 " + sha256 + "]";
  }
}
