package org.issastream.codec;

import java.util.ArrayList;
import java.util.List;
import org.issastream.synthdrive.image.RgbImage;

/**
 * Conversions between {@link RgbImage} (8-bit HWC) and the codec's float NCHW tensors, and resizing
 * to a codec's H×W.
 */
public final class CodecImages {
  private CodecImages() {}

  /**
   * Centre-crops {@code img} to the codec's aspect ratio (so scenes are not stretched), then resizes
   * to exactly H×W with an antialiased bilinear filter. Returns {@code img} itself if it already fits.
   */
  public static RgbImage fit(RgbImage img, CodecManifest m) {
    if (img.width() == m.width() && img.height() == m.height()) {
      return img;
    }
    // crop the larger relative dimension: keep w/h == W/H
    long lhs = (long) img.width() * m.height();
    long rhs = (long) img.height() * m.width();
    int cw = img.width();
    int ch = img.height();
    if (lhs > rhs) {
      cw = (int) Math.max(1, Math.round((double) img.height() * m.width() / m.height()));
    } else if (lhs < rhs) {
      ch = (int) Math.max(1, Math.round((double) img.width() * m.height() / m.width()));
    }
    RgbImage cropped = crop(img, (img.width() - cw) / 2, (img.height() - ch) / 2, cw, ch);
    return resize(cropped, m.width(), m.height());
  }

  public static RgbImage crop(RgbImage img, int x0, int y0, int w, int h) {
    if (x0 == 0 && y0 == 0 && w == img.width() && h == img.height()) {
      return img;
    }
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(img.data(), ((y0 + y) * img.width() + x0) * 3, out, y * w * 3, w * 3);
    }
    return RgbImage.wrap(w, h, out);
  }

  /** Separable triangle-filter resize; the filter widens with the downscale factor (antialiasing). */
  public static RgbImage resize(RgbImage img, int width, int height) {
    if (img.width() == width && img.height() == height) {
      return img;
    }
    float[] src = new float[img.data().length];
    for (int i = 0; i < src.length; i++) {
      src[i] = img.data()[i] & 0xff;
    }
    float[] tmp = resample(src, img.width(), img.height(), width, true);
    float[] dst = resample(tmp, width, img.height(), height, false);
    byte[] out = new byte[dst.length];
    for (int i = 0; i < dst.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(dst[i])));
    }
    return RgbImage.wrap(width, height, out);
  }

  // resample along x (horizontal=true) or y of an HWC float image of size w×h
  private static float[] resample(float[] src, int w, int h, int outLen, boolean horizontal) {
    int inLen = horizontal ? w : h;
    int ow = horizontal ? outLen : w;
    int oh = horizontal ? h : outLen;
    float[] dst = new float[ow * oh * 3];
    double scale = (double) inLen / outLen;
    double support = Math.max(1.0, scale);
    for (int o = 0; o < outLen; o++) {
      double center = (o + 0.5) * scale;
      int lo = Math.max(0, (int) Math.floor(center - support));
      int hi = Math.min(inLen - 1, (int) Math.ceil(center + support));
      double[] wts = new double[hi - lo + 1];
      double sum = 0;
      for (int i = lo; i <= hi; i++) {
        double d = Math.abs((i + 0.5 - center) / support);
        double wt = Math.max(0, 1 - d);
        wts[i - lo] = wt;
        sum += wt;
      }
      if (sum == 0) { // degenerate: take the nearest sample
        int nearest = Math.min(inLen - 1, Math.max(0, (int) center));
        wts = new double[hi - lo + 1];
        wts[nearest - lo] = 1;
        sum = 1;
      }
      int other = horizontal ? h : w;
      for (int j = 0; j < other; j++) {
        for (int c = 0; c < 3; c++) {
          double acc = 0;
          for (int i = lo; i <= hi; i++) {
            int idx = horizontal ? (j * w + i) * 3 + c : (i * w + j) * 3 + c;
            acc += wts[i - lo] * src[idx];
          }
          int out = horizontal ? (j * ow + o) * 3 + c : (o * ow + j) * 3 + c;
          dst[out] = (float) (acc / sum);
        }
      }
    }
    return dst;
  }

  /** Packs images (all H×W) into a float NCHW tensor {@code [B,3,H,W]}, normalised. */
  public static float[] toNchw(List<RgbImage> images, int height, int width, PixelNormalisation norm) {
    int plane = height * width;
    float[] out = new float[images.size() * 3 * plane];
    for (int b = 0; b < images.size(); b++) {
      RgbImage img = images.get(b);
      if (img.width() != width || img.height() != height) {
        throw new IllegalArgumentException("image " + b + " is " + img.width() + "x" + img.height() + ", expected " + width + "x" + height);
      }
      int base = b * 3 * plane;
      byte[] rgb = img.data();
      for (int p = 0; p < plane; p++) {
        out[base + p] = norm.toFloat(rgb[p * 3]);
        out[base + plane + p] = norm.toFloat(rgb[p * 3 + 1]);
        out[base + 2 * plane + p] = norm.toFloat(rgb[p * 3 + 2]);
      }
    }
    return out;
  }

  /** Unpacks a float NCHW tensor {@code [B,3,H,W]} into images, denormalised, rounded and clamped. */
  public static List<RgbImage> fromNchw(float[] nchw, int batch, int height, int width, PixelNormalisation norm) {
    int plane = height * width;
    if (nchw.length != batch * 3 * plane) {
      throw new IllegalArgumentException("tensor has " + nchw.length + " values, expected [" + batch + ",3," + height + "," + width + "]");
    }
    List<RgbImage> out = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      byte[] rgb = new byte[3 * plane];
      int base = b * 3 * plane;
      for (int p = 0; p < plane; p++) {
        rgb[p * 3] = norm.toByte(nchw[base + p]);
        rgb[p * 3 + 1] = norm.toByte(nchw[base + plane + p]);
        rgb[p * 3 + 2] = norm.toByte(nchw[base + 2 * plane + p]);
      }
      out.add(RgbImage.wrap(width, height, rgb));
    }
    return out;
  }

  /** Peak signal-to-noise ratio in dB between two same-size images (infinite when equal). */
  public static double psnr(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("PSNR needs same-size images");
    }
    double se = 0;
    for (int i = 0; i < a.data().length; i++) {
      double d = (a.data()[i] & 0xff) - (b.data()[i] & 0xff);
      se += d * d;
    }
    double mse = se / a.data().length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
