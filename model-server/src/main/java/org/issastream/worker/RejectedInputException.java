package org.issastream.worker;

/**
 * One input record cannot be processed; it goes to the dead-letter topic with this reason while
 * the rest of its batch proceeds. {@link #stage()} names where it failed: deserialize, payload,
 * decode, validate or codec.
 */
public final class RejectedInputException extends WorkerException {
  private static final long serialVersionUID = 1L;
  private final String stage;

  public RejectedInputException(String stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  public String stage() {
    return stage;
  }

  /** The class name of the underlying error (the cause's when there is one). */
  public String errorClass() {
    return getCause() == null ? getClass().getName() : getCause().getClass().getName();
  }
}
