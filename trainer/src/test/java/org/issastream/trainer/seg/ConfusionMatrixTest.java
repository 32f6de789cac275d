package org.issastream.trainer.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final int I = ConfusionMatrix.IGNORE;

  @Test
  void iouOnHandMadeLabelMapsSkipsIgnoreAndAbsentClasses() {
    // 4 classes; class 3 appears nowhere. 3x4 maps, row-major.
    int[] truth = {
        0, 0, 1, 1,
        0, 0, 1, 1,
        2, 2, I, I};
    int[] pred = {
        0, 0, 1, 0,
        0, 1, 1, 1,
        2, 0, 3, 1}; // predictions under the ignore label do not count
    ConfusionMatrix cm = new ConfusionMatrix(4);
    cm.addPixels(truth, pred, I);

    assertEquals(10, cm.total());
    // class 0: TP 3 (0,1,4), FN 1 (pixel 5 -> 1), FP 2 (pixel 3, pixel 9) -> 3/6
    assertEquals(3.0 / 6, cm.iou(0), 1e-12);
    // class 1: TP 3 (2,6,7), FN 1 (pixel 3), FP 1 (pixel 5) -> 3/5
    assertEquals(3.0 / 5, cm.iou(1), 1e-12);
    // class 2: TP 1, FN 1 -> 1/2
    assertEquals(0.5, cm.iou(2), 1e-12);
    assertTrue(Double.isNaN(cm.iou(3)), "absent class has no IoU");
    assertEquals((0.5 + 0.6 + 0.5) / 3, cm.meanIou(), 1e-12);
    assertEquals(7.0 / 10, cm.accuracy(), 1e-12);
    assertArrayEquals(new long[] {3, 1, 0, 0}, cm.row(0));
  }

  @Test
  void predictedButAbsentClassCountsAsZero() {
    ConfusionMatrix cm = new ConfusionMatrix(3);
    cm.addPixels(new int[] {0, 0, 1, 1}, new int[] {0, 2, 1, 1}, I);
    assertEquals(0.0, cm.iou(2), 0);
    assertEquals((0.5 + 1.0 + 0.0) / 3, cm.meanIou(), 1e-12);
  }

  @Test
  void classificationCountsRecallAndMerge() {
    ConfusionMatrix a = new ConfusionMatrix(3);
    a.add(0, 0);
    a.add(0, 1);
    a.add(2, 2);
    ConfusionMatrix b = new ConfusionMatrix(3);
    b.add(1, 1);
    b.add(0, 0);
    a.merge(b);
    assertEquals(5, a.total());
    assertEquals(4.0 / 5, a.accuracy(), 1e-12);
    assertEquals(2.0 / 3, a.recall(0), 1e-12);
    assertEquals(1.0, a.recall(1), 0);
    assertEquals(2, a.count(0, 0));
    assertEquals(2, a.predictedCount(1));
  }

  @Test
  void rejectsOutOfRangeAndMismatchedInput() {
    ConfusionMatrix cm = new ConfusionMatrix(2);
    assertThrows(IllegalArgumentException.class, () -> cm.add(2, 0));
    assertThrows(IllegalArgumentException.class, () -> cm.addPixels(new int[] {0}, new int[] {}, I));
    assertThrows(IllegalArgumentException.class, () -> cm.merge(new ConfusionMatrix(3)));
    assertTrue(Double.isNaN(cm.meanIou()));
  }
}
