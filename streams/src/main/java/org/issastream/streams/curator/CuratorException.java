package org.issastream.streams.curator;

/** Root of the curator's checked exceptions: configuration, topics, start-up. */
public class CuratorException extends Exception {
  private static final long serialVersionUID = 1L;

  public CuratorException(String message) {
    super(message);
  }

  public CuratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
