package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Random global photometric distortions (gamma, contrast, brightness, colour gains, darkening,
 * vertical haze towards a grey level, desaturation), applied per sample to the image the encoder's
 * <em>noise</em> path sees during training; the W+ path and the target stay the original image.
 * The noise maps must then be (nearly) invariant to global appearance, which pushes appearance
 * (the condition) into W+. This uses single unpaired images only: no scene is ever rendered twice.
 */
final class Photometric {
  private final double probability;

  Photometric(double probability) {
    this.probability = probability;
  }

  /** {@code x [B,3,H,W]} in [-1,1] to a distorted copy in [-1,1]. */
  NDArray apply(NDArray x, Random rnd) {
    NDManager mg = x.getManager();
    Shape s = x.getShape();
    int b = (int) s.get(0);
    int h = (int) s.get(2);
    float[] gamma = new float[b];
    float[] contrast = new float[b];
    float[] bright = new float[b];
    float[] gains = new float[b * 3];
    float[] hazeA = new float[b];
    float[] hazeLevel = new float[b];
    float[] desat = new float[b];
    for (int i = 0; i < b; i++) {
      boolean on = rnd.nextDouble() < probability;
      gamma[i] = on ? (float) Math.exp((rnd.nextDouble() * 2 - 1) * Math.log(2.2)) : 1f;
      contrast[i] = on ? (float) (0.4 + rnd.nextDouble() * 1.0) : 1f;
      float dark = on && rnd.nextDouble() < 0.3 ? (float) (0.15 + 0.6 * rnd.nextDouble()) : 1f;
      bright[i] = on ? (float) ((rnd.nextDouble() * 2 - 1) * 0.25) : 0f;
      for (int c = 0; c < 3; c++) {
        gains[3 * i + c] = (on ? (float) (0.65 + 0.7 * rnd.nextDouble()) : 1f) * dark;
      }
      hazeA[i] = on && rnd.nextDouble() < 0.4 ? (float) (0.7 * rnd.nextDouble()) : 0f;
      hazeLevel[i] = (float) (0.45 + 0.45 * rnd.nextDouble());
      desat[i] = on && rnd.nextDouble() < 0.25 ? (float) rnd.nextDouble() : 0f;
    }
    // haze is strongest at the top (far away) and fades towards the bottom rows (near)
    float[] profile = new float[h];
    for (int r = 0; r < h; r++) {
      profile[r] = 1f - 0.7f * r / (h - 1);
    }
    NDArray u = x.add(1f).mul(0.5f).clip(1e-4f, 1f);
    u = u.pow(mg.create(gamma, new Shape(b, 1, 1, 1)));
    NDArray mean = Ops.mean(u, new int[] {1, 2, 3}, true);
    u = u.sub(mean).mul(mg.create(contrast, new Shape(b, 1, 1, 1))).add(mean)
        .add(mg.create(bright, new Shape(b, 1, 1, 1)));
    u = u.mul(mg.create(gains, new Shape(b, 3, 1, 1)));
    NDArray gray = Ops.mean(u, new int[] {1}, true);
    NDArray ds = mg.create(desat, new Shape(b, 1, 1, 1));
    u = u.add(gray.sub(u).mul(ds));
    NDArray alpha = mg.create(hazeA, new Shape(b, 1, 1, 1))
        .mul(mg.create(profile, new Shape(1, 1, h, 1)));
    u = u.add(mg.create(hazeLevel, new Shape(b, 1, 1, 1)).sub(u).mul(alpha));
    return u.clip(0f, 1f).mul(2f).sub(1f);
  }
}
