package org.issastream.synthdrive.image;

/**
 * An encoded image (or label) that cannot be accepted: not an image, truncated, corrupt, of the
 * wrong kind, or over the {@link ImageLimits}. The message names the source (file name, record key
 * or other description) and the reason.
 */
public class InvalidImageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String reason;

  public InvalidImageException(String source, String reason) {
    this(source, reason, null);
  }

  public InvalidImageException(String source, String reason, Throwable cause) {
    super(source + ": " + reason, cause);
    this.source = source;
    this.reason = reason;
  }

  /** What was being decoded: a file path, a record key, ... */
  public String source() {
    return source;
  }

  /** Why it was rejected, without the source. */
  public String reason() {
    return reason;
  }
}
