package org.issastream.codec;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of inverted images: per sample its W+ {@link StyleCodes} and its {@link NoiseMaps}.
 * {@code invert} returns one; {@code synthesize} consumes one. Immutable.
 */
public final class Latents {
  private final List<StyleCodes> styles;
  private final List<NoiseMaps> noise;

  private Latents(List<StyleCodes> styles, List<NoiseMaps> noise) {
    this.styles = styles;
    this.noise = noise;
  }

  public static Latents of(List<StyleCodes> styles, List<NoiseMaps> noise) {
    if (styles.size() != noise.size()) {
      throw new IllegalArgumentException(styles.size() + " style codes but " + noise.size() + " noise maps");
    }
    return new Latents(List.copyOf(styles), List.copyOf(noise));
  }

  /**
   * Splits an encoder's batched outputs into per-sample latents: {@code wPlus} is [B,L,D] row-major,
   * {@code noiseBatches.get(k)} is map k as [B, shape k] row-major.
   */
  public static Latents fromBatch(int batch, int numStyles, int styleDim, float[] wPlus, List<int[]> noiseShapes,
      List<float[]> noiseBatches) {
    return fromBatch(batch, numStyles, styleDim, FloatBuffer.wrap(wPlus), noiseShapes,
        noiseBatches.stream().map(FloatBuffer::wrap).toList());
  }

  /**
   * {@link #fromBatch(int, int, int, float[], List, List)} from buffers (absolute indices from 0),
   * e.g. views of a native tensor's memory: each sample's values are copied out once.
   */
  public static Latents fromBatch(int batch, int numStyles, int styleDim, FloatBuffer wPlus, List<int[]> noiseShapes,
      List<FloatBuffer> noiseBatches) {
    List<StyleCodes> styles = new ArrayList<>(batch);
    List<NoiseMaps> noise = new ArrayList<>(batch);
    int n = numStyles * styleDim;
    for (int i = 0; i < batch; i++) {
      float[] w = new float[n];
      wPlus.duplicate().position(i * n).get(w); // relative bulk get: a memcpy at any JIT tier
      styles.add(StyleCodes.wrap(numStyles, styleDim, w));
      noise.add(NoiseMaps.copyFromBatch(noiseShapes, noiseBatches, i));
    }
    return new Latents(List.copyOf(styles), List.copyOf(noise));
  }

  /** Concatenates batches in order (the batcher coalesces requests this way). */
  public static Latents concat(List<Latents> parts) {
    List<StyleCodes> s = new ArrayList<>();
    List<NoiseMaps> n = new ArrayList<>();
    for (Latents p : parts) {
      s.addAll(p.styles);
      n.addAll(p.noise);
    }
    return new Latents(List.copyOf(s), List.copyOf(n));
  }

  /** Batch size B. */
  public int size() {
    return styles.size();
  }

  public StyleCodes styles(int i) {
    return styles.get(i);
  }

  public NoiseMaps noise(int i) {
    return noise.get(i);
  }

  public List<StyleCodes> styles() {
    return styles;
  }

  public List<NoiseMaps> noise() {
    return noise;
  }

  /** Samples {@code [from, to)}. */
  public Latents slice(int from, int to) {
    return new Latents(styles.subList(from, to), noise.subList(from, to));
  }

  /** Same noise (layout), new W+. */
  public Latents withStyles(List<StyleCodes> newStyles) {
    if (newStyles.size() != size()) {
      throw new IllegalArgumentException("batch has " + size() + " samples but " + newStyles.size() + " style codes given");
    }
    return new Latents(List.copyOf(newStyles), noise);
  }

  /**
   * The ISSA mix in latent space: sample i keeps its noise and takes {@code exemplars.get(i)}'s W+ on
   * the policy's slots ({@code defaultSlots} when the policy names none).
   */
  public Latents mixedWith(List<StyleCodes> exemplars, MixPolicy policy, int[] defaultSlots) {
    if (exemplars.size() != size()) {
      throw new IllegalArgumentException(
          "mix needs one style per content sample: " + size() + " contents, " + exemplars.size() + " styles");
    }
    int[] slots = policy.slotsOr(defaultSlots);
    List<StyleCodes> mixed = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      mixed.add(styles.get(i).mixedWith(exemplars.get(i), slots, policy.strengthFor(i)));
    }
    return new Latents(List.copyOf(mixed), noise);
  }

  @Override
  public String toString() {
    return "Latents[B=" + size() + (size() > 0 ? ", w+" + styles.get(0).shape() + ", noise " + noise.get(0).shapes() : "") + "]";
  }
}
