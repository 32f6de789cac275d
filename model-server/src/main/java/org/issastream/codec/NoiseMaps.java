package org.issastream.codec;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The content noise maps of one image: map {@code k} has shape {@code [C_k, H_k, W_k]} (row-major
 * float). They carry the layout; they are large and stay with the worker that inverted the image.
 * Immutable: arrays are copied in and out.
 */
public final class NoiseMaps {
  private final List<int[]> shapes;
  private final List<float[]> maps;

  private NoiseMaps(List<int[]> shapes, List<float[]> maps) {
    this.shapes = shapes;
    this.maps = maps;
  }

  /** Copies the maps; {@code shapes.get(k)} is {@code {C, H, W}} and must match {@code maps.get(k).length}. */
  public static NoiseMaps of(List<int[]> shapes, List<float[]> maps) {
    if (shapes.size() != maps.size()) {
      throw new IllegalArgumentException(shapes.size() + " noise shapes but " + maps.size() + " maps");
    }
    List<int[]> s = new ArrayList<>(shapes.size());
    List<float[]> m = new ArrayList<>(maps.size());
    for (int k = 0; k < shapes.size(); k++) {
      int[] shape = shapes.get(k).clone();
      if (shape.length != 3 || shape[0] <= 0 || shape[1] <= 0 || shape[2] <= 0) {
        throw new IllegalArgumentException("noise map " + k + " shape must be positive [C,H,W], got " + Arrays.toString(shape));
      }
      if (maps.get(k).length != numel(shape)) {
        throw new IllegalArgumentException("noise map " + k + " of shape " + Arrays.toString(shape)
            + " needs " + numel(shape) + " values, got " + maps.get(k).length);
      }
      s.add(shape);
      m.add(maps.get(k).clone());
    }
    return new NoiseMaps(List.copyOf(s), List.copyOf(m));
  }

  /**
   * Copies sample {@code index} out of batched maps {@code batches.get(k)} of shape [B, C_k, H_k, W_k]
   * (absolute indices from 0; heap arrays wrapped, or views of a native tensor's memory).
   */
  static NoiseMaps copyFromBatch(List<int[]> shapes, List<FloatBuffer> batches, int index) {
    List<float[]> m = new ArrayList<>(shapes.size());
    for (int k = 0; k < shapes.size(); k++) {
      float[] map = new float[numel(shapes.get(k))];
      batches.get(k).duplicate().position(index * map.length).get(map); // relative bulk get: a memcpy at any JIT tier
      m.add(map);
    }
    return new NoiseMaps(shapes.stream().map(int[]::clone).toList(), List.copyOf(m));
  }

  static int numel(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Number of maps. */
  public int count() {
    return maps.size();
  }

  /** {@code {C, H, W}} of map k (a copy). */
  public int[] shape(int k) {
    return shapes.get(k).clone();
  }

  /** A copy of map k. */
  public float[] map(int k) {
    return maps.get(k).clone();
  }

  /** Puts map k into {@code dst} at its position (e.g. a native staging buffer). */
  public void copyInto(int k, FloatBuffer dst) {
    dst.put(maps.get(k));
  }

  /** Copies map k into {@code dst} at {@code offset}. */
  public void copyInto(int k, float[] dst, int offset) {
    float[] m = maps.get(k);
    System.arraycopy(m, 0, dst, offset, m.length);
  }

  /** Shapes as text, e.g. {@code [[256,64,128],[256,64,128]]}. */
  public String shapes() {
    StringBuilder sb = new StringBuilder("[");
    for (int k = 0; k < shapes.size(); k++) {
      sb.append(k == 0 ? "" : ",").append(Arrays.toString(shapes.get(k)).replace(" ", ""));
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NoiseMaps n) || n.maps.size() != maps.size()) {
      return false;
    }
    for (int k = 0; k < maps.size(); k++) {
      if (!Arrays.equals(shapes.get(k), n.shapes.get(k)) || !Arrays.equals(maps.get(k), n.maps.get(k))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (float[] m : maps) {
      h = 31 * h + Arrays.hashCode(m);
    }
    return h;
  }

  @Override
  public String toString() {
    return "NoiseMaps" + shapes();
  }
}
