package org.issastream.trainer.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Per-pixel softmax cross-entropy with an ignore label and optional class weights.
 *
 * <p>Predictions: {@code [B,C,H,W]} logits. Labels: {@code [B,H,W]} integer class ids, where
 * {@link ConfusionMatrix#IGNORE} pixels contribute nothing. The result is the weighted mean over
 * valid pixels: {@code Σ w[y]·(−log p_y) / Σ w[y]}.
 */
public final class PixelCrossEntropyLoss extends Loss {
  private final float[] classWeights;
  private final int ignoreLabel;

  /**
   * @param classWeights one weight per class, or null for uniform weights
   */
  public PixelCrossEntropyLoss(float[] classWeights, int ignoreLabel) {
    super("PixelCrossEntropy");
    this.classWeights = classWeights == null ? null : classWeights.clone();
    this.ignoreLabel = ignoreLabel;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray y = labels.singletonOrThrow().toType(DataType.INT64, false);
    NDArray valid = y.neq(ignoreLabel);
    NDArray safe = y.mul(valid.toType(DataType.INT64, false)); // ignore → class 0, masked below
    NDArray validF = valid.toType(DataType.FLOAT32, false);
    NDArray logp = logits.logSoftmax(1).gather(safe.expandDims(1), 1).squeeze(1);
    NDArray w = validF;
    if (classWeights != null) {
      NDArray cw = logits.getManager().create(classWeights);
      w = cw.get(safe).mul(validF);
    }
    NDArray denom = w.sum().maximum(1e-6f);
    return logp.mul(w).sum().neg().div(denom);
  }
}
