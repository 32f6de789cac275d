package org.issastream.synthdrive;

import org.issastream.synthdrive.image.LabelMap;

/**
 * SynthDrive: labelled procedural driving scenes. {@link #render} is a pure function of its
 * arguments: the layout (and so the label) depends on the seed alone; condition and place change
 * appearance only. Thread-safe (no shared mutable state); identical bytes on every platform
 * (strict IEEE arithmetic, {@link StrictMath}, a specified PRNG, no java.awt rendering).
 */
public final class SynthDrive {
  /** Smallest supported height (width is twice the height). */
  public static final int MIN_HEIGHT = 32;
  /** Largest supported height. */
  public static final int MAX_HEIGHT = 1024;

  private SynthDrive() {}

  /**
   * Renders one scene.
   *
   * @param seed layout seed
   * @param condition weather / time of day
   * @param place regional look
   * @param width image width, 2 × height recommended (Cityscapes aspect)
   * @param height image height, {@value #MIN_HEIGHT}..{@value #MAX_HEIGHT}
   */
  public static Scene render(long seed, Condition condition, Place place, int width, int height) {
    checkSize(width, height);
    Layout layout = Layout.generate(seed);
    return new Renderer(layout, condition, place, width, height).render();
  }

  private static void checkSize(int width, int height) {
    if (height < MIN_HEIGHT || height > MAX_HEIGHT || width < MIN_HEIGHT || width > 4 * MAX_HEIGHT) {
      throw new IllegalArgumentException("unsupported size " + width + "x" + height
          + " (height " + MIN_HEIGHT + ".." + MAX_HEIGHT + ", width 2 x height recommended)");
    }
  }

  /** Renders at the default size, 128 × 64. */
  public static Scene render(long seed, Condition condition, Place place) {
    return render(seed, condition, place, 128, 64);
  }

  /**
   * The label of a seed's layout without shading (fast): identical to
   * {@code render(seed, c, p, w, h).label()} for every condition and place.
   */
  public static LabelMap label(long seed, int width, int height) {
    checkSize(width, height);
    return new Renderer(Layout.generate(seed), Condition.OVERCAST, Place.BRICKFORD, width, height).labelOnly();
  }
}
