package org.issastream.codec.torchscript;

import java.util.Arrays;

/**
 * A dense float32 tensor on the Java heap: row-major data and its shape; with {@code axes}, the
 * module receives that tensor permuted by them (a strided view, e.g. channels-last NCHW).
 */
record FloatTensor(float[] data, long[] shape, int[] axes) {
  FloatTensor(float[] data, long[] shape) {
    this(data, shape, null);
  }

  /** NHWC data {@code [b,h,w,c]} handed to the module as NCHW {@code [b,c,h,w]} in channels-last order. */
  static FloatTensor channelsLast(float[] nhwc, long b, long c, long h, long w) {
    return new FloatTensor(nhwc, new long[] {b, h, w, c}, new int[] {0, 3, 1, 2});
  }

  /** The shape the module sees. */
  long[] viewShape() {
    if (axes == null) {
      return shape;
    }
    long[] v = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      v[i] = shape[axes[i]];
    }
    return v;
  }

  FloatTensor {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  String shapeText() {
    return Arrays.toString(viewShape()).replace(" ", "");
  }
}
