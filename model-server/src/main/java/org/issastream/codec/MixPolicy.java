package org.issastream.codec;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How content and exemplar W+ are combined. By default (as in the paper) every style slot the manifest
 * lists as mixable comes from the exemplar, at full strength. Optionally a subset of slots and an
 * interpolation strength {@code s}: {@code w = (1 - s) * w_content + s * w_style}. With a strength
 * range, each sample draws {@code s} uniformly from it with a generator seeded by {@code (seed, sample
 * index)}, so a policy gives identical outputs for identical inputs. Immutable.
 */
public final class MixPolicy {
  private static final MixPolicy DEFAULT = new MixPolicy(null, 1f, 1f, 0L);

  private final int[] slots; // null: the manifest's default mix slots
  private final float minStrength;
  private final float maxStrength;
  private final long seed;

  private MixPolicy(int[] slots, float minStrength, float maxStrength, long seed) {
    if (!(minStrength >= 0f && maxStrength <= 1f && minStrength <= maxStrength)) {
      throw new IllegalArgumentException("strength must satisfy 0 <= min <= max <= 1, got [" + minStrength + "," + maxStrength + "]");
    }
    this.slots = slots;
    this.minStrength = minStrength;
    this.maxStrength = maxStrength;
    this.seed = seed;
  }

  /** All default slots from the exemplar, strength 1, seed 0. */
  public static MixPolicy defaults() {
    return DEFAULT;
  }

  /** Takes exactly these W+ slots from the exemplar (the rest stay the content's). */
  public MixPolicy withSlots(int... newSlots) {
    int[] s = newSlots.clone();
    for (int v : s) {
      if (v < 0) {
        throw new IllegalArgumentException("negative style slot " + v);
      }
    }
    return new MixPolicy(s, minStrength, maxStrength, seed);
  }

  /** Fixed interpolation strength in [0, 1]. */
  public MixPolicy withStrength(float strength) {
    return new MixPolicy(slots, strength, strength, seed);
  }

  /** Per-sample strength drawn uniformly from [min, max] (seeded). */
  public MixPolicy withStrengthRange(float min, float max) {
    return new MixPolicy(slots, min, max, seed);
  }

  public MixPolicy withSeed(long newSeed) {
    return new MixPolicy(slots, minStrength, maxStrength, newSeed);
  }

  /** The explicit slots, or {@code defaultSlots} if none were set. */
  public int[] slotsOr(int[] defaultSlots) {
    return (slots != null ? slots : defaultSlots).clone();
  }

  /** Whether slots were set explicitly. */
  public boolean hasSlots() {
    return slots != null;
  }

  public long seed() {
    return seed;
  }

  public float minStrength() {
    return minStrength;
  }

  public float maxStrength() {
    return maxStrength;
  }

  /** The strength used for sample {@code index} of a batch; deterministic in (policy, index). */
  public float strengthFor(int index) {
    if (minStrength == maxStrength) {
      return maxStrength;
    }
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    return (float) (minStrength + (maxStrength - minStrength) * r.nextDouble());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MixPolicy p && Arrays.equals(p.slots, slots)
        && p.minStrength == minStrength && p.maxStrength == maxStrength && p.seed == seed;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(slots) * 31 + Float.hashCode(minStrength) * 7 + Float.hashCode(maxStrength) + Long.hashCode(seed);
  }

  @Override
  public String toString() {
    return "MixPolicy{slots=" + (slots == null ? "default" : Arrays.toString(slots))
        + ", strength=" + (minStrength == maxStrength ? String.valueOf(maxStrength) : "[" + minStrength + "," + maxStrength + "]")
        + ", seed=" + seed + "}";
  }
}
