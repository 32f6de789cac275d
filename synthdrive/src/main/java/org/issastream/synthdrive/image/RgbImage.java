package org.issastream.synthdrive.image;

import java.util.Objects;

/**
 * An 8-bit RGB image, pixels interleaved HWC ({@code rgb[(y * width + x) * 3 + c]}).
 *
 * <p>Placeholder committed on the codec branch with the shape agreed with the SynthDrive owner
 * ({@code final int width, height; byte[] rgb}); on merge the SynthDrive branch's version wins.
 */
public final class RgbImage {
  public final int width;
  public final int height;
  public final byte[] rgb;

  public RgbImage(int width, int height, byte[] rgb) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    Objects.requireNonNull(rgb, "rgb");
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "rgb has " + rgb.length + " bytes, expected " + width * height * 3 + " for " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }
}
