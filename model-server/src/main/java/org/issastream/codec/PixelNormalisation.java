package org.issastream.codec;

import java.util.Locale;

/** How 8-bit pixels map to the float values a codec's networks see and produce. */
public enum PixelNormalisation {
  /** {@code v = p / 127.5 - 1}: the ISSA / StyleGAN2 contract, images in [-1, 1]. */
  MINUS_ONE_TO_ONE(1f / 127.5f, -1f),
  /** {@code v = p / 255}. */
  ZERO_TO_ONE(1f / 255f, 0f);

  private final float scale;
  private final float offset;

  PixelNormalisation(float scale, float offset) {
    this.scale = scale;
    this.offset = offset;
  }

  public float toFloat(byte pixel) {
    return (pixel & 0xff) * scale + offset;
  }

  /** Inverse of {@link #toFloat}, rounded and clamped to [0, 255] (network outputs are not clamped). */
  public byte toByte(float v) {
    float p = (v - offset) / scale;
    if (!(p > 0f)) { // also maps NaN to 0
      return 0;
    }
    if (p >= 255f) {
      return (byte) 255;
    }
    return (byte) Math.round(p);
  }

  /** The manifest spelling, e.g. {@code minus_one_to_one}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PixelNormalisation fromJsonName(String s) {
    for (PixelNormalisation n : values()) {
      if (n.jsonName().equals(s)) {
        return n;
      }
    }
    throw new IllegalArgumentException("unknown normalisation '" + s + "', expected minus_one_to_one or zero_to_one");
  }
}
