package org.issastream.codec.mini;

import java.util.SplittableRandom;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.image.RgbImage;

/**
 * SynthDrive scenes as codec training or monitor images. Image {@code i} is an independent random
 * draw: scene seed {@code firstSeed + i}, and a condition and place picked uniformly from the seed,
 * so no layout is ever rendered under two conditions (real fleets have no such pairs).
 *
 * <p>Project seed ranges: codec training 1_000_000-1_999_999, judges 2_000_000-2_999_999,
 * held-out evaluation 9_000_000 and above.
 */
public final class SynthDriveImages implements TrainingImages {
  public static final long CODEC_TRAIN_FIRST_SEED = 1_000_000L;
  public static final long CODEC_TRAIN_LAST_SEED = 1_999_999L;
  public static final long HELD_OUT_FIRST_SEED = 9_000_000L;

  private final long firstSeed;
  private final long count;
  private final int height;
  private final int width;

  /**
   * @param firstSeed first scene seed
   * @param count number of distinct scenes; image {@code i} wraps around modulo {@code count}
   */
  public SynthDriveImages(long firstSeed, long count, int height, int width) {
    this.firstSeed = firstSeed;
    this.count = count;
    this.height = height;
    this.width = width;
  }

  /** The codec training range (seeds 1_000_000-1_999_999). */
  public static SynthDriveImages codecTraining(int height, int width) {
    return new SynthDriveImages(CODEC_TRAIN_FIRST_SEED,
        CODEC_TRAIN_LAST_SEED - CODEC_TRAIN_FIRST_SEED + 1, height, width);
  }

  /** Condition of scene {@code seed}. */
  public static Condition conditionOf(long seed) {
    Condition[] all = Condition.values();
    return all[new SplittableRandom(seed * 0x9E3779B97F4A7C15L).nextInt(all.length)];
  }

  /** Place of scene {@code seed}. */
  public static Place placeOf(long seed) {
    Place[] all = Place.values();
    return all[new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + 1).nextInt(all.length)];
  }

  /** Scene {@code seed} as CHW floats in [-1,1]. */
  public float[] image(long seed) {
    RgbImage img = SynthDrive.render(seed, conditionOf(seed), placeOf(seed), width, height).image();
    float[] chw = img.toFloatChw();
    for (int i = 0; i < chw.length; i++) {
      chw[i] = chw[i] * 2f - 1f;
    }
    return chw;
  }

  /** {@code n} consecutive scenes from {@code firstSeed}, concatenated. */
  public float[] range(long first, int n) {
    int per = 3 * height * width;
    float[] out = new float[n * per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(image(first + i), 0, out, i * per, per);
    }
    return out;
  }

  @Override
  public float[] batch(long step, int batch) {
    int per = 3 * height * width;
    float[] out = new float[batch * per];
    for (int i = 0; i < batch; i++) {
      long idx = Math.floorMod(step * batch + i, count);
      System.arraycopy(image(firstSeed + idx), 0, out, i * per, per);
    }
    return out;
  }

  @Override
  public int[] conditions(long step, int batch) {
    int[] out = new int[batch];
    for (int i = 0; i < batch; i++) {
      out[i] = conditionOf(firstSeed + Math.floorMod(step * batch + i, count)).ordinal();
    }
    return out;
  }

  @Override
  public int conditionClasses() {
    return Condition.values().length;
  }

  @Override
  public String describe() {
    return "SynthDrive seeds " + firstSeed + ".." + (firstSeed + count - 1)
        + ", condition and place drawn per seed from all " + Condition.values().length
        + " conditions and " + Place.values().length + " places, " + height + "x" + width;
  }
}
