package org.issastream.synthdrive.image;

import java.util.Arrays;

/**
 * A per-pixel segmentation label: one byte per pixel (row-major), holding a Cityscapes trainId
 * 0..18 or {@link #IGNORE} (255).
 *
 * <p>Immutable by contract, like {@link RgbImage}: {@link #data()} exposes the backing array and
 * callers must not modify it.
 */
public final class LabelMap {
  /** The ignore label: pixels excluded from training and evaluation. */
  public static final int IGNORE = 255;

  private final int width;
  private final int height;
  private final byte[] data;
  private int hash;

  private LabelMap(int width, int height, byte[] data) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("label size must be positive: " + width + "x" + height);
    }
    if (data.length != Math.multiplyExact(width, height)) {
      throw new IllegalArgumentException(
          "expected " + (long) width * height + " bytes for " + width + "x" + height + " label, got " + data.length);
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  /** A label map over a copy of {@code ids}. */
  public static LabelMap of(int width, int height, byte[] ids) {
    return new LabelMap(width, height, ids.clone());
  }

  /** A label map that takes ownership of {@code ids}: the caller must not modify it afterwards. */
  public static LabelMap wrap(int width, int height, byte[] ids) {
    return new LabelMap(width, height, ids);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int pixelCount() {
    return width * height;
  }

  /** The backing bytes (row-major ids); do not modify. */
  public byte[] data() {
    return data;
  }

  /** A copy of the ids. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** The id at (x, y), 0..255. */
  public int get(int x, int y) {
    return data[y * width + x] & 0xff;
  }

  /** Pixel count per id value: {@code histogram()[id]}, 256 entries (index 255 = ignore). */
  public long[] histogram() {
    long[] h = new long[256];
    for (byte b : data) {
      h[b & 0xff]++;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMap other
        && other.width == width
        && other.height == height
        && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * (31 * width + height) + Arrays.hashCode(data);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "LabelMap[" + width + "x" + height + "]";
  }
}
