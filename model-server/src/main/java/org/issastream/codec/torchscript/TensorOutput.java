package org.issastream.codec.torchscript;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.issastream.codec.CodecException;

/**
 * One float32 output of a module call as libtorch holds it: {@code data} is a view of the tensor's
 * own memory (row-major in {@code shape}, the shape as read), valid only inside the {@link Reader}
 * it is handed to. With {@code axes}, the module's output was that tensor permuted by them (it was
 * read permuted, e.g. an NCHW image read as NHWC).
 */
record TensorOutput(FloatBuffer data, long[] shape, int[] axes) {
  /** Turns a call's outputs into the caller's result while their memory is still valid. */
  @FunctionalInterface
  interface Reader<T> {
    T read(List<TensorOutput> outputs) throws CodecException;
  }

  /** The shape the module produced. */
  long[] viewShape() {
    return permute(shape, axes);
  }

  String shapeText() {
    return Arrays.toString(viewShape()).replace(" ", "");
  }

  static long[] permute(long[] shape, int[] axes) {
    if (axes == null) {
      return shape;
    }
    long[] v = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      v[i] = shape[axes[i]];
    }
    return v;
  }

  /** The permutation that undoes {@code axes}. */
  static int[] inverse(int[] axes) {
    int[] inv = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      inv[axes[i]] = i;
    }
    return inv;
  }
}
