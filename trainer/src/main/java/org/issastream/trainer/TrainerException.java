package org.issastream.trainer;

/**
 * Root of the trainer module's checked exceptions: a model that cannot be trained, saved, loaded or
 * evaluated (bad weights, manifest mismatch, I/O). Bugs stay unchecked.
 */
public class TrainerException extends Exception {
  private static final long serialVersionUID = 1L;

  public TrainerException(String message) {
    super(message);
  }

  public TrainerException(String message, Throwable cause) {
    super(message, cause);
  }
}
