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

  /** A short description for logs and the manifest (seed range, conditions, places). */
  String describe();
}
