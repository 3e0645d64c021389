package org.zennet.publisher.job;

/** A job that cannot run as written; the message names the field of {@code job.yaml}. */
public final class InvalidJobException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidJobException(String field, String message) {
    super(field.isEmpty() || message.startsWith(field + ":") ? message : field + ": " + message);
    this.field = field;
  }

  /** The field of the job file that is wrong, or empty. */
  public String field() {
    return field;
  }
}
