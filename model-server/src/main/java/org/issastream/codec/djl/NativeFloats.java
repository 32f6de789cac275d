package org.issastream.codec.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * DJL helpers shared by the codec backends (kept out of the DJL-free API package). Reads float32 NDArrays without the two whole-tensor copies of {@code toFloatArray()} (libtorch to a
 * {@code byte[]}, then to a {@code float[]}): a view of the tensor's own memory, from which the
 * caller copies exactly what it keeps (per-sample latents, 8-bit pixels).
 */
public final class NativeFloats {
  private NativeFloats() {}

  /**
   * {@code a}'s values in row-major order of its shape, as a view of native memory (libtorch makes
   * a contiguous copy first only if {@code a} is a strided view). Valid only while {@code a} and its
   * manager are open: read it before the call's arrays are closed.
   */
  public static FloatBuffer view(NDArray a) {
    if (a.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("expected a float32 array, got " + a.getDataType());
    }
    return a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
