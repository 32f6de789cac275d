package org.issastream.embedded;

/** Root of the embedded module's checked failures: a broker or registry that cannot start or serve. */
public class EmbeddedException extends Exception {
  private static final long serialVersionUID = 1L;

  public EmbeddedException(String message) {
    super(message);
  }

  public EmbeddedException(String message, Throwable cause) {
    super(message, cause);
  }
}
