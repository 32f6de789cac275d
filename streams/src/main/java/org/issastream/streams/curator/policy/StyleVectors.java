package org.issastream.streams.curator.policy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes serialized W+ codes (row-major [L][D], little-endian float32 or IEEE half float16) into a
 * unit-length float vector, so that cosine similarity is a plain dot product.
 */
public final class StyleVectors {

  private StyleVectors() {}

  /** Thrown when the bytes cannot be a valid code vector; the message says why. */
  public static final class InvalidCodesException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCodesException(String message) {
      super(message);
    }
  }

  /**
   * Decodes and L2-normalises.
   *
   * @param bytes the serialized values
   * @param numValues expected L x D
   * @param float16 whether elements are half precision (2 bytes) instead of float32
   * @throws InvalidCodesException wrong length, a non-finite value, or an all-zero vector
   */
  public static float[] decodeUnit(ByteBuffer bytes, int numValues, boolean float16)
      throws InvalidCodesException {
    int elem = float16 ? 2 : 4;
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if ((long) numValues * elem != b.remaining()) {
      throw new InvalidCodesException(
          "expected " + numValues + " x " + elem + " bytes, got " + b.remaining());
    }
    float[] v = new float[numValues];
    double sq = 0;
    int base = b.position();
    for (int i = 0; i < numValues; i++) {
      float x =
          float16 ? halfToFloat(b.getShort(base + 2 * i)) : b.getFloat(base + 4 * i);
      if (!Float.isFinite(x)) {
        throw new InvalidCodesException("non-finite value at index " + i);
      }
      v[i] = x;
      sq += (double) x * x;
    }
    if (sq == 0) {
      throw new InvalidCodesException("all-zero code vector");
    }
    float inv = (float) (1.0 / Math.sqrt(sq));
    for (int i = 0; i < numValues; i++) {
      v[i] *= inv;
    }
    return v;
  }

  /** Cosine similarity of two unit vectors of equal length. */
  public static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float f = mant * 0x1p-24f; // subnormal: mant * 2^-24
      return sign == 0 ? f : -f;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Float to IEEE binary16, round-to-nearest-even; for producers of test and simulation codes. */
  public static short floatToHalf(float f) {
    int sign = (Float.floatToRawIntBits(f) >>> 16) & 0x8000;
    if (Float.isNaN(f)) {
      return (short) (sign | 0x7e00);
    }
    float a = Math.abs(f);
    if (a < 0x1p-14f) { // half subnormal range (a rounded 1024 lands exactly on the smallest normal)
      return (short) (sign | (int) Math.rint(a * 0x1p24f));
    }
    int e = Math.getExponent(a);
    int m = (int) Math.rint(Math.scalb(a, 10 - e)); // exact scaling, then one rounding: [1024, 2048]
    int exp = e + 15;
    if (m == 2048) {
      m = 1024;
      exp++;
    }
    if (exp >= 31) {
      return (short) (sign | 0x7c00);
    }
    return (short) (sign | (exp << 10) | (m - 1024));
  }

  /** Serializes values as little-endian float32 (the StyleCode FLOAT32 layout). */
  public static ByteBuffer toFloat32Bytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : values) {
      b.putFloat(x);
    }
    return b.flip();
  }

  /** Serializes values as little-endian float16 (the StyleCode FLOAT16 layout). */
  public static ByteBuffer toFloat16Bytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : values) {
      b.putShort(floatToHalf(x));
    }
    return b.flip();
  }
}
