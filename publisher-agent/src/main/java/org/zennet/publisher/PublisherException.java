package org.zennet.publisher;

/** A job cannot go on as asked; the message says why and what to do. */
public final class PublisherException extends Exception {
  private static final long serialVersionUID = 1L;

  public PublisherException(String message) {
    super(message);
  }

  public PublisherException(String message, Throwable cause) {
    super(message, cause);
  }
}
