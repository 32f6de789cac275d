package org.issastream.trainer.seg;

import java.util.Arrays;

/**
 * A square confusion matrix over {@code n} classes: rows are the ground truth, columns the
 * prediction. Used for pixels (segmentation, {@link #addPixels}) and for whole images
 * (classification, {@link #add}).
 *
 * <p>IoU of class c = TP / (TP + FP + FN). mIoU averages over the <em>present</em> classes: those
 * with a non-empty union (they occur in the ground truth or in the prediction), the convention of
 * common segmentation toolkits; a class that is predicted but absent from the ground truth counts
 * with IoU 0. Ground-truth pixels equal to the ignore label are skipped; any other out-of-range
 * ground truth or prediction is a bug and throws.
 *
 * <p>Not thread-safe; merge per-thread matrices with {@link #merge}.
 */
public final class ConfusionMatrix {
  /** Cityscapes' ignore label. */
  public static final int IGNORE = 255;

  private final int n;
  private final long[] counts;

  public ConfusionMatrix(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1: " + numClasses);
    }
    this.n = numClasses;
    this.counts = new long[numClasses * numClasses];
  }

  public int numClasses() {
    return n;
  }

  /** Adds one classification outcome. */
  public void add(int truth, int predicted) {
    check(truth, "truth");
    check(predicted, "prediction");
    counts[truth * n + predicted]++;
  }

  /**
   * Adds a label map and a prediction of the same length (row-major pixels). Ground-truth pixels
   * equal to {@code ignoreLabel} are skipped.
   */
  public void addPixels(int[] truth, int[] predicted, int ignoreLabel) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          "truth and prediction differ in length: " + truth.length + " vs " + predicted.length);
    }
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i];
      if (t == ignoreLabel) {
        continue;
      }
      add(t, predicted[i]);
    }
  }

  /** Adds all counts of another matrix of the same size. */
  public void merge(ConfusionMatrix other) {
    if (other.n != n) {
      throw new IllegalArgumentException("size mismatch: " + other.n + " vs " + n);
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  public long count(int truth, int predicted) {
    return counts[truth * n + predicted];
  }

  public long total() {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }

  /** Number of samples (pixels) whose ground truth is class c. */
  public long truthCount(int c) {
    long s = 0;
    for (int p = 0; p < n; p++) {
      s += counts[c * n + p];
    }
    return s;
  }

  /** Number of samples (pixels) predicted as class c. */
  public long predictedCount(int c) {
    long s = 0;
    for (int t = 0; t < n; t++) {
      s += counts[t * n + c];
    }
    return s;
  }

  /** Fraction of samples on the diagonal; NaN when empty. */
  public double accuracy() {
    long tot = total();
    if (tot == 0) {
      return Double.NaN;
    }
    long diag = 0;
    for (int c = 0; c < n; c++) {
      diag += counts[c * n + c];
    }
    return (double) diag / tot;
  }

  /** Recall of class c (TP / ground-truth count); NaN when the class never occurs. */
  public double recall(int c) {
    long t = truthCount(c);
    return t == 0 ? Double.NaN : (double) count(c, c) / t;
  }

  /** IoU of class c; NaN when the class is neither in the ground truth nor predicted. */
  public double iou(int c) {
    long tp = count(c, c);
    long union = truthCount(c) + predictedCount(c) - tp;
    return union == 0 ? Double.NaN : (double) tp / union;
  }

  /** Per-class IoU, NaN for absent classes. */
  public double[] ious() {
    double[] r = new double[n];
    for (int c = 0; c < n; c++) {
      r[c] = iou(c);
    }
    return r;
  }

  /** Mean IoU over present classes (see class doc); NaN when nothing was added. */
  public double meanIou() {
    double s = 0;
    int k = 0;
    for (int c = 0; c < n; c++) {
      double v = iou(c);
      if (!Double.isNaN(v)) {
        s += v;
        k++;
      }
    }
    return k == 0 ? Double.NaN : s / k;
  }

  /** A copy of row {@code truth}. */
  public long[] row(int truth) {
    return Arrays.copyOfRange(counts, truth * n, truth * n + n);
  }

  private void check(int c, String what) {
    if (c < 0 || c >= n) {
      throw new IllegalArgumentException(what + " class out of range [0," + n + "): " + c);
    }
  }
}
