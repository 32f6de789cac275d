package org.issastream.synthdrive.image;

import java.util.Arrays;

/**
 * An 8-bit RGB image, interleaved HWC: pixel (x, y) channel c is at {@code (y * width + x) * 3 + c}.
 *
 * <p>Immutable by contract: {@link #data()} exposes the backing array for zero-copy hot paths and
 * callers must not modify it. {@link #of} copies; {@link #wrap} takes ownership of the array.
 * Equality is by size and pixel bytes.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final byte[] data;
  private int hash;

  private RgbImage(int width, int height, byte[] data) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (data.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
      throw new IllegalArgumentException(
          "expected " + (long) width * height * 3 + " bytes for " + width + "x" + height + " RGB, got " + data.length);
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  /** An image over a copy of {@code rgb} (HWC, 3 bytes per pixel). */
  public static RgbImage of(int width, int height, byte[] rgb) {
    return new RgbImage(width, height, rgb.clone());
  }

  /** An image that takes ownership of {@code rgb}: the caller must not modify it afterwards. */
  public static RgbImage wrap(int width, int height, byte[] rgb) {
    return new RgbImage(width, height, rgb);
  }

  /** An image of one colour. */
  public static RgbImage filled(int width, int height, int r, int g, int b) {
    byte[] d = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    for (int i = 0; i < d.length; i += 3) {
      d[i] = (byte) r;
      d[i + 1] = (byte) g;
      d[i + 2] = (byte) b;
    }
    return new RgbImage(width, height, d);
  }

  /**
   * An image from float CHW planes in [0, 1] (as a network outputs them); values are clamped and
   * rounded half-up.
   */
  public static RgbImage fromFloatChw(int width, int height, float[] chw) {
    int n = width * height;
    if (chw.length != n * 3) {
      throw new IllegalArgumentException("expected " + n * 3 + " floats, got " + chw.length);
    }
    byte[] d = new byte[n * 3];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        float v = chw[c * n + i];
        int q = v != v ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
        d[i * 3 + c] = (byte) q;
      }
    }
    return new RgbImage(width, height, d);
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

  /** The backing HWC bytes; do not modify. */
  public byte[] data() {
    return data;
  }

  /** A copy of the HWC bytes. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** Channel {@code c} (0 = R) of pixel (x, y), 0..255. */
  public int get(int x, int y, int c) {
    return data[(y * width + x) * 3 + c] & 0xff;
  }

  /** Pixel (x, y) as 0xRRGGBB. */
  public int rgb(int x, int y) {
    int i = (y * width + x) * 3;
    return (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
  }

  /** Float CHW planes in [0, 1] (R plane, then G, then B), the layout DJL and PyTorch use. */
  public float[] toFloatChw() {
    int n = width * height;
    float[] out = new float[n * 3];
    for (int i = 0; i < n; i++) {
      out[i] = (data[i * 3] & 0xff) / 255f;
      out[n + i] = (data[i * 3 + 1] & 0xff) / 255f;
      out[2 * n + i] = (data[i * 3 + 2] & 0xff) / 255f;
    }
    return out;
  }

  /** Mean over all pixels and channels, 0..255. */
  public double mean() {
    long s = 0;
    for (byte b : data) {
      s += b & 0xff;
    }
    return (double) s / data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
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
    return "RgbImage[" + width + "x" + height + "]";
  }
}
