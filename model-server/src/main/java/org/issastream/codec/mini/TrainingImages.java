package org.issastream.codec.mini;

/**
 * Source of training images for the mini codec. Implementations must be deterministic in
 * {@code step} so that a resumed run sees the same data as an uninterrupted one.
 */
public interface TrainingImages {

  /**
   * Images of one training step as {@code [batch,3,H,W]} row-major floats in [-1,1].
   */
  float[] batch(long step, int batch);

  /**
   * Condition class (0-based, fewer than {@link #conditionClasses()}) of each image of
   * {@link #batch}, from the images' capture tags; {@code null} when the source has none.
   */
  default int[] conditions(long step, int batch) {
    return null;
  }

  /** Number of condition classes {@link #conditions} draws from (0 when it has none). */
  default int conditionClasses() {
    return 0;
  }

  /** A short description for logs and the manifest (seed range, conditions, places). */
  String describe();
}
