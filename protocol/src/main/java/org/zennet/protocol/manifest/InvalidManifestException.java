package org.zennet.protocol.manifest;

/** A manifest that cannot be parsed or breaks a rule; the message names the field. */
public final class InvalidManifestException extends Exception {
  private final String field;

  public InvalidManifestException(String field, String message) {
    super(field.isEmpty() ? message : field + ": " + message);
    this.field = field;
  }

  /** @return the JSON path of the offending field ({@code limits.fuelPerTask}), or empty for the document */
  public String field() {
    return field;
  }
}
