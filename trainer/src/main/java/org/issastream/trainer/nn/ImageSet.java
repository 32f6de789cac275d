package org.issastream.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/**
 * An in-memory set of equally sized RGB images (8-bit, interleaved HWC, row-major), each with an
 * optional per-pixel label map (class ids 0–254, {@code 255} = ignore) and an integer tag (e.g. a
 * condition ordinal). Compact (one byte per channel and label pixel) so that a few thousand 64×128
 * training images fit in tens of MB; tensors are made per batch.
 *
 * <p>Not thread-safe for concurrent {@link #add}; read-only use from one thread at a time.
 */
public final class ImageSet {
  private final int height;
  private final int width;
  private final List<byte[]> rgb = new ArrayList<>();
  private final List<byte[]> labels = new ArrayList<>();
  private final List<Integer> tags = new ArrayList<>();

  public ImageSet(int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("bad size " + height + "x" + width);
    }
    this.height = height;
    this.width = width;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int size() {
    return rgb.size();
  }

  /**
   * Adds an image (copied).
   *
   * @param rgbHwc {@code height·width·3} bytes
   * @param label {@code height·width} class ids (0–255), or null for an unlabelled image
   * @param tag any integer the caller attaches (a class for classification)
   */
  public void add(byte[] rgbHwc, int[] label, int tag) {
    int px = height * width;
    if (rgbHwc.length != px * 3) {
      throw new IllegalArgumentException("image has " + rgbHwc.length + " bytes, want " + px * 3);
    }
    byte[] l = null;
    if (label != null) {
      if (label.length != px) {
        throw new IllegalArgumentException("label has " + label.length + " pixels, want " + px);
      }
      l = new byte[px];
      for (int i = 0; i < px; i++) {
        int v = label[i];
        if (v < 0 || v > 255) {
          throw new IllegalArgumentException("label value out of [0,255]: " + v);
        }
        l[i] = (byte) v;
      }
    }
    rgb.add(rgbHwc.clone());
    labels.add(l);
    tags.add(tag);
  }

  /** Adds an image and its optional label (both must be this set's size). */
  public void add(RgbImage image, LabelMap label, int tag) {
    if (image.width() != width || image.height() != height) {
      throw new IllegalArgumentException("image is " + image.width() + "x" + image.height()
          + ", set is " + width + "x" + height);
    }
    if (label != null && (label.width() != width || label.height() != height)) {
      throw new IllegalArgumentException("label is " + label.width() + "x" + label.height()
          + ", set is " + width + "x" + height);
    }
    rgb.add(image.toByteArray());
    labels.add(label == null ? null : label.toByteArray());
    tags.add(tag);
  }

  public int tag(int i) {
    return tags.get(i);
  }

  public byte[] rgb(int i) {
    return rgb.get(i).clone();
  }

  /** The label map of image i as ints, or null when unlabelled. */
  public int[] label(int i) {
    byte[] l = labels.get(i);
    if (l == null) {
      return null;
    }
    int[] r = new int[l.length];
    for (int k = 0; k < l.length; k++) {
      r[k] = l[k] & 0xff;
    }
    return r;
  }

  /**
   * Images {@code idx} as a {@code [B,3,H,W]} float32 array in [-1,1]; {@code flip[b]} mirrors
   * image b horizontally (flip may be null).
   */
  public NDArray images(NDManager manager, int[] idx, boolean[] flip) {
    return images(manager, idx, flip, null);
  }

  /**
   * As {@link #images(NDManager, int[], boolean[])}, and {@code blur[b]} (0 = none) applies that
   * many passes of a 3×3 binomial blur to image b: a training augmentation that keeps a judge
   * from relying on pixel-level sharpness, which decoders (codecs) do not reproduce exactly.
   */
  public NDArray images(NDManager manager, int[] idx, boolean[] flip, int[] blur) {
    int px = height * width;
    float[] out = new float[idx.length * 3 * px];
    for (int b = 0; b < idx.length; b++) {
      rgbToChw(rgb.get(idx[b]), height, width, flip != null && flip[b], out, b * 3 * px);
      if (blur != null) {
        for (int k = 0; k < blur[b]; k++) {
          blurChw(out, b * 3 * px, height, width);
        }
      }
    }
    return manager.create(out, new Shape(idx.length, 3, height, width));
  }

  /** One in-place pass of the separable [1 2 1]/4 blur over 3 planes, edges clamped. */
  static void blurChw(float[] a, int offset, int h, int w) {
    float[] row = new float[Math.max(h, w)];
    for (int c = 0; c < 3; c++) {
      int base = offset + c * h * w;
      for (int y = 0; y < h; y++) {
        int r = base + y * w;
        for (int x = 0; x < w; x++) {
          row[x] = 0.25f * a[r + Math.max(0, x - 1)] + 0.5f * a[r + x]
              + 0.25f * a[r + Math.min(w - 1, x + 1)];
        }
        System.arraycopy(row, 0, a, r, w);
      }
      for (int x = 0; x < w; x++) {
        for (int y = 0; y < h; y++) {
          row[y] = 0.25f * a[base + Math.max(0, y - 1) * w + x] + 0.5f * a[base + y * w + x]
              + 0.25f * a[base + Math.min(h - 1, y + 1) * w + x];
        }
        for (int y = 0; y < h; y++) {
          a[base + y * w + x] = row[y];
        }
      }
    }
  }

  /** Label maps {@code idx} as a {@code [B,H,W]} int32 array, mirrored like {@link #images}. */
  public NDArray labels(NDManager manager, int[] idx, boolean[] flip) {
    int px = height * width;
    int[] out = new int[idx.length * px];
    for (int b = 0; b < idx.length; b++) {
      byte[] l = labels.get(idx[b]);
      if (l == null) {
        throw new IllegalStateException("image " + idx[b] + " has no label");
      }
      boolean f = flip != null && flip[b];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int sx = f ? width - 1 - x : x;
          out[b * px + y * width + x] = l[y * width + sx] & 0xff;
        }
      }
    }
    return manager.create(out, new Shape(idx.length, height, width));
  }

  /** Tags {@code idx} as a {@code [B]} int32 array. */
  public NDArray tags(NDManager manager, int[] idx) {
    int[] out = new int[idx.length];
    for (int b = 0; b < idx.length; b++) {
      out[b] = tags.get(idx[b]);
    }
    return manager.create(out);
  }

  /**
   * Converts interleaved 8-bit RGB to planar float in [-1,1] ({@code v/127.5 − 1}), writing
   * {@code 3·h·w} floats at {@code offset}; optionally mirrored horizontally.
   */
  public static void rgbToChw(byte[] rgbHwc, int h, int w, boolean flip, float[] dst, int offset) {
    int px = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sx = flip ? w - 1 - x : x;
        int s = (y * w + sx) * 3;
        int d = offset + y * w + x;
        dst[d] = (rgbHwc[s] & 0xff) / 127.5f - 1f;
        dst[d + px] = (rgbHwc[s + 1] & 0xff) / 127.5f - 1f;
        dst[d + 2 * px] = (rgbHwc[s + 2] & 0xff) / 127.5f - 1f;
      }
    }
  }
}
