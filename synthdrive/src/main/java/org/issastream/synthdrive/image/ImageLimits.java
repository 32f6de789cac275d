package org.issastream.synthdrive.image;

/**
 * Hard limits checked before an image is fully decoded (decompression-bomb guard): the encoded size
 * is checked first, then the width and height read from the header.
 *
 * @param maxBytes largest accepted encoded size in bytes
 * @param maxPixels largest accepted width × height
 * @param maxSide largest accepted width or height
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide) {
  /** 32 MiB, 40 megapixels, 16384 px per side: generous for camera frames, fatal for bombs. */
  public static final ImageLimits DEFAULT = new ImageLimits(32L << 20, 40_000_000L, 16_384);

  public ImageLimits {
    if (maxBytes <= 0 || maxPixels <= 0 || maxSide <= 0) {
      throw new IllegalArgumentException("image limits must be positive: " + maxBytes + ", " + maxPixels + ", " + maxSide);
    }
  }

  /** Limits sized for images of at most {@code width × height} (with some header slack). */
  public static ImageLimits forMaxSize(int width, int height) {
    long px = (long) width * height;
    return new ImageLimits(Math.max(1L << 16, px * 4 + (1L << 16)), px, Math.max(width, height));
  }
}
