package org.issastream.worker;

/** Root of the augment worker's checked exceptions. */
public class WorkerException extends Exception {
  private static final long serialVersionUID = 1L;

  public WorkerException(String message) {
    super(message);
  }

  public WorkerException(String message, Throwable cause) {
    super(message, cause);
  }
}
