package org.issastream.codec;

/** Checked root of every failure the codec layer reports (loading, shapes, inference, capacity). */
public class CodecException extends Exception {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
