package org.zennet.publisher;

/** The job was stopped before its end (the agent was closed); its state is committed and it resumes when run again. */
public final class JobStoppedException extends Exception {
  private static final long serialVersionUID = 1L;

  public JobStoppedException(String message) {
    super(message);
  }
}
