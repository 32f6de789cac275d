package org.issastream.codec.torchscript;

import java.util.Arrays;

/** A dense float32 tensor on the Java heap: row-major data and its shape. */
record FloatTensor(float[] data, long[] shape) {
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
    return Arrays.toString(shape).replace(" ", "");
  }
}
