package org.issastream.trainer.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PixelCrossEntropyLossTest {

  @Test
  void meanOverValidPixelsWithWeightsAndIgnore() {
    try (NDManager m = NDManager.newBaseManager()) {
      // B=1, C=2, H=1, W=3: logits per pixel (class0, class1)
      float[] logits = {
          0f, 1f, 2f, // class 0 at pixels 0..2
          0f, 0f, 0f}; // class 1
      int[] labels = {0, 1, ConfusionMatrix.IGNORE};
      NDList pred = new NDList(m.create(logits, new Shape(1, 2, 1, 3)));
      NDList lab = new NDList(m.create(labels, new Shape(1, 1, 3)));

      double nll0 = -Math.log(Math.exp(0) / (Math.exp(0) + Math.exp(0))); // pixel 0, y=0
      double nll1 = -Math.log(Math.exp(0) / (Math.exp(1) + Math.exp(0))); // pixel 1, y=1
      float plain = new PixelCrossEntropyLoss(null, ConfusionMatrix.IGNORE)
          .evaluate(lab, pred).getFloat();
      assertEquals((nll0 + nll1) / 2, plain, 1e-6);

      float weighted = new PixelCrossEntropyLoss(new float[] {1f, 3f}, ConfusionMatrix.IGNORE)
          .evaluate(lab, pred).getFloat();
      assertEquals((nll0 + 3 * nll1) / 4, weighted, 1e-6);
    }
  }
}
