package org.issastream.codec;

import java.util.SplittableRandom;
import org.issastream.synthdrive.image.RgbImage;

/** Deterministic test images. */
final class TestImages {
  private TestImages() {}

  /** Smooth gradients plus seeded noise, so resizing and codecs see structure. */
  static RgbImage pattern(int width, int height, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[width * height * 3];
    int phase = r.nextInt(64);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        rgb[i] = (byte) ((x * 255 / Math.max(1, width - 1) + phase) & 0xff);
        rgb[i + 1] = (byte) (y * 255 / Math.max(1, height - 1));
        rgb[i + 2] = (byte) (64 + r.nextInt(64));
      }
    }
    return RgbImage.wrap(width, height, rgb);
  }

  static RgbImage solid(int width, int height, int r, int g, int b) {
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) r;
      rgb[i + 1] = (byte) g;
      rgb[i + 2] = (byte) b;
    }
    return RgbImage.wrap(width, height, rgb);
  }
}
