package org.issastream.codec.mini;

import java.util.Arrays;

/**
 * Architecture of the mini codec; stored as {@code arch.json} next to the weights so a weights
 * file is always read with the shapes it was trained with.
 *
 * <p>Synthesis: a learned constant at {@code height/2^B x width/2^B} (B = number of upsampling
 * blocks), then B blocks that double the resolution, each with two modulated 3x3 convolutions and
 * a skip toRGB. Style slots: the base convolution uses slot 0, block {@code i} (1-based) uses slots
 * {@code 2i-1} and {@code 2i} for its convolutions; the toRGB after the base uses slot 1 and the
 * toRGB of block {@code i} uses slot {@code 2i+1} (StyleGAN2's sharing), so L = 2B + 2.
 *
 * <p>Content noise: the block whose output is {@code height/4 x width/4} takes two predicted noise
 * maps of {@code channels[noiseBlock]} channels, one per convolution, added to the convolution
 * output before bias and activation. Every other layer is noise-free.
 *
 * @param height image height (64)
 * @param width image width (128)
 * @param styleDim D, the width of one W+ slot
 * @param synthChannels channels at the base and after each block, coarse to fine (length B+1)
 * @param encChannels encoder stem and stage channels at 1/1, 1/2, 1/4, 1/8, 1/16 (length 5)
 * @param fpnChannels width of the encoder's feature pyramid
 * @param coarseSlots W+ slots predicted from the 1/16 pyramid level (the first ones)
 * @param mediumSlots W+ slots predicted from the 1/8 level (next ones); the rest come from 1/4
 */
public record MiniArch(
    int height,
    int width,
    int styleDim,
    int[] synthChannels,
    int[] encChannels,
    int fpnChannels,
    int coarseSlots,
    int mediumSlots) {

  public MiniArch {
    if (synthChannels.length < 4) {
      // the noise block (H/4 x W/4) must come after the base: at least 3 blocks
      throw new IllegalArgumentException("need at least 3 synthesis blocks");
    }
    int blocks = synthChannels.length - 1;
    if (height % (1 << blocks) != 0 || width % (1 << blocks) != 0) {
      throw new IllegalArgumentException("image size must be divisible by 2^" + blocks);
    }
    if (encChannels.length != 5) {
      throw new IllegalArgumentException("encChannels needs 5 entries (1/1 .. 1/16)");
    }
    if (coarseSlots < 1 || mediumSlots < 1 || coarseSlots + mediumSlots >= 2 * blocks + 2) {
      throw new IllegalArgumentException("bad slot split");
    }
    synthChannels = synthChannels.clone();
    encChannels = encChannels.clone();
  }

  /** The default: 64x128 images, 10 slots of 128, noise 2 x 32 x 16 x 32. */
  public static MiniArch defaults() {
    return new MiniArch(64, 128, 128, new int[] {96, 64, 32, 16, 8},
        new int[] {16, 24, 48, 64, 96}, 32, 3, 3);
  }

  public int blocks() {
    return synthChannels.length - 1;
  }

  /** L, the number of W+ slots. */
  public int numSlots() {
    return 2 * blocks() + 2;
  }

  public int fineSlots() {
    return numSlots() - coarseSlots - mediumSlots;
  }

  public int baseHeight() {
    return height >> blocks();
  }

  public int baseWidth() {
    return width >> blocks();
  }

  /** 1-based index of the block whose output is H/4 x W/4; it takes the two noise maps. */
  public int noiseBlock() {
    return blocks() - 2;
  }

  public int noiseChannels() {
    return synthChannels[noiseBlock()];
  }

  public int noiseHeight() {
    return height / 4;
  }

  public int noiseWidth() {
    return width / 4;
  }

  @Override
  public int[] synthChannels() {
    return synthChannels.clone();
  }

  @Override
  public int[] encChannels() {
    return encChannels.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MiniArch a
        && height == a.height
        && width == a.width
        && styleDim == a.styleDim
        && Arrays.equals(synthChannels, a.synthChannels)
        && Arrays.equals(encChannels, a.encChannels)
        && fpnChannels == a.fpnChannels
        && coarseSlots == a.coarseSlots
        && mediumSlots == a.mediumSlots;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new int[] {height, width, styleDim, fpnChannels, coarseSlots,
        mediumSlots, Arrays.hashCode(synthChannels), Arrays.hashCode(encChannels)});
  }

  @Override
  public String toString() {
    return "MiniArch[" + height + "x" + width + ", L=" + numSlots() + ", D=" + styleDim
        + ", synth=" + Arrays.toString(synthChannels) + ", enc=" + Arrays.toString(encChannels)
        + ", fpn=" + fpnChannels + ", slots " + coarseSlots + "/" + mediumSlots + "/"
        + fineSlots() + ", noise 2x" + noiseChannels() + "x" + noiseHeight() + "x"
        + noiseWidth() + "]";
  }
}
