package org.issastream.codec;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The W+ style codes of one image: {@code L} style slots of width {@code D}, row-major {@code [L][D]}.
 * Immutable (the array is copied in and out).
 */
public final class StyleCodes {
  private final int numStyles;
  private final int styleDim;
  private final float[] values;

  private StyleCodes(int numStyles, int styleDim, float[] values) {
    this.numStyles = numStyles;
    this.styleDim = styleDim;
    this.values = values;
  }

  /** Copies {@code values}, which must hold exactly {@code numStyles * styleDim} floats. */
  public static StyleCodes of(int numStyles, int styleDim, float[] values) {
    return wrap(numStyles, styleDim, values.clone());
  }

  /** Copies {@code numStyles * styleDim} floats starting at {@code offset} (one sample of a batch). */
  public static StyleCodes copyOf(int numStyles, int styleDim, float[] batch, int offset) {
    checkDims(numStyles, styleDim);
    return new StyleCodes(numStyles, styleDim, Arrays.copyOfRange(batch, offset, offset + numStyles * styleDim));
  }

  static StyleCodes wrap(int numStyles, int styleDim, float[] values) {
    checkDims(numStyles, styleDim);
    if (values.length != numStyles * styleDim) {
      throw new IllegalArgumentException(
          "style codes need L*D = " + numStyles + "*" + styleDim + " values, got " + values.length);
    }
    return new StyleCodes(numStyles, styleDim, values);
  }

  private static void checkDims(int numStyles, int styleDim) {
    if (numStyles <= 0 || styleDim <= 0) {
      throw new IllegalArgumentException("L and D must be positive: L=" + numStyles + " D=" + styleDim);
    }
  }

  /** L, the number of style slots. */
  public int numStyles() {
    return numStyles;
  }

  /** D, the width of a style slot. */
  public int styleDim() {
    return styleDim;
  }

  public float get(int slot, int i) {
    return values[slot * styleDim + i];
  }

  /** A copy of all L*D values, row-major. */
  public float[] toArray() {
    return values.clone();
  }

  /** Puts the L*D values into {@code dst} at its position (e.g. a native staging buffer). */
  public void copyInto(FloatBuffer dst) {
    dst.put(values);
  }

  /** Copies the L*D values into {@code dst} at {@code offset} (batch packing without a temporary). */
  public void copyInto(float[] dst, int offset) {
    System.arraycopy(values, 0, dst, offset, values.length);
  }

  /**
   * Style mixing on W+: for every slot in {@code slots}, {@code w = (1 - s) * this + s * style};
   * other slots stay this image's. {@code s = 1} takes the slot from {@code style} exactly.
   */
  public StyleCodes mixedWith(StyleCodes style, int[] slots, float strength) {
    if (style.numStyles != numStyles || style.styleDim != styleDim) {
      throw new IllegalArgumentException("cannot mix W+ " + shape() + " with " + style.shape());
    }
    float[] out = values.clone();
    for (int slot : slots) {
      if (slot < 0 || slot >= numStyles) {
        throw new IllegalArgumentException("style slot " + slot + " out of range [0," + numStyles + ")");
      }
      int base = slot * styleDim;
      if (strength == 1f) {
        System.arraycopy(style.values, base, out, base, styleDim);
      } else {
        for (int i = base; i < base + styleDim; i++) {
          out[i] = (1f - strength) * values[i] + strength * style.values[i];
        }
      }
    }
    return new StyleCodes(numStyles, styleDim, out);
  }

  /** {@code [L,D]} for messages. */
  public String shape() {
    return "[" + numStyles + "," + styleDim + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StyleCodes s
        && s.numStyles == numStyles && s.styleDim == styleDim && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * numStyles + styleDim) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "StyleCodes" + shape();
  }
}
