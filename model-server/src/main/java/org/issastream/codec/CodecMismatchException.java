package org.issastream.codec;

/**
 * Input or model files do not match the codec manifest: wrong image size, wrong W+ or noise shape,
 * a file whose sha256 differs from the pinned one, a file the manifest does not pin, or style codes
 * of another codec. Never retryable with the same input.
 */
public class CodecMismatchException extends CodecException {
  private static final long serialVersionUID = 1L;

  public CodecMismatchException(String message) {
    super(message);
  }
}
