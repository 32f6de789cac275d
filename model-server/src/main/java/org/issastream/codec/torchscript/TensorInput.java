package org.issastream.codec.torchscript;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One float32 input of a module call: its shape, and a writer that puts its values (row-major in
 * {@code shape}) straight into the staging buffer, so no Java array of the whole batch is built
 * first. With {@code axes}, the module receives the tensor permuted by them (a strided view, e.g.
 * NHWC data as a channels-last NCHW tensor).
 */
record TensorInput(long[] shape, int[] axes, Consumer<FloatBuffer> writer) {
  TensorInput {
    numel(shape);
  }

  static TensorInput of(long[] shape, Consumer<FloatBuffer> writer) {
    return new TensorInput(shape, null, writer);
  }

  /** NHWC data {@code [b,h,w,c]} handed to the module as NCHW {@code [b,c,h,w]} in channels-last order. */
  static TensorInput channelsLast(long b, long c, long h, long w, Consumer<FloatBuffer> writer) {
    return new TensorInput(new long[] {b, h, w, c}, new int[] {0, 3, 1, 2}, writer);
  }

  /** Number of values. */
  int numel() {
    return numel(shape);
  }

  /** The shape the module sees. */
  long[] viewShape() {
    return TensorOutput.permute(shape, axes);
  }

  String shapeText() {
    return Arrays.toString(viewShape()).replace(" ", "");
  }

  private static int numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    return Math.toIntExact(n);
  }
}
