package org.issastream.codec;

/**
 * Back-pressure: the codec (or its batcher) cannot accept more work right now. The request was not
 * started; callers may retry later, slow down, or pause their input. Distinct from bugs and bad input.
 */
public class CodecCapacityException extends CodecException {
  private static final long serialVersionUID = 1L;

  public CodecCapacityException(String message) {
    super(message);
  }
}
