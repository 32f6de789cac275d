package org.issastream.trainer.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.InputStream;
import java.util.Arrays;
import org.issastream.trainer.TrainerException;
import org.issastream.trainer.nn.ImageModel;
import org.issastream.trainer.nn.ImageSet;
import org.issastream.trainer.nn.TrainLoop;

/**
 * A trainable semantic segmenter ({@link SegNet}) for images of a fixed size: training on an
 * {@link ImageSet}, per-pixel prediction, mIoU evaluation, and parameter I/O.
 *
 * <p>Holds native memory: close it. Not thread-safe (one instance per thread).
 */
public final class Segmenter extends ImageModel {
  private final SegNet net;

  private Segmenter(SegNet net, int height, int width) {
    super("segmenter", net, height, width);
    this.net = net;
  }

  private Segmenter(SegNet.Spec spec, int height, int width) {
    this(new SegNet(spec), checkMultipleOf8(height, width), width);
  }

  private static int checkMultipleOf8(int height, int width) {
    if (height % 8 != 0 || width % 8 != 0) {
      throw new IllegalArgumentException("height and width must be multiples of 8");
    }
    return height;
  }

  /** A fresh, untrained segmenter; call {@link #train} before predicting. */
  public static Segmenter untrained(SegNet.Spec spec, int height, int width) {
    return new Segmenter(spec, height, width);
  }

  /** A segmenter with parameters read from {@code params} (written by {@link #save}). */
  public static Segmenter load(SegNet.Spec spec, int height, int width, InputStream params)
      throws TrainerException {
    return withParameters(new Segmenter(spec, height, width), params);
  }

  public SegNet.Spec spec() {
    return net.spec();
  }

  /**
   * Trains on the labelled images of {@code data} with per-pixel cross-entropy (ignore label 255).
   *
   * @param classWeights per-class loss weights (see {@link #balancedWeights}), or null
   */
  public TrainLoop.Result train(ImageSet data, TrainLoop.Options options, float[] classWeights,
      TrainLoop.Progress progress) {
    checkSize(data);
    checkUntrained();
    TrainLoop.Result r = TrainLoop.train(model,
        new Shape(options.batchSize(), 3, height, width),
        new PixelCrossEntropyLoss(classWeights, ConfusionMatrix.IGNORE),
        data.size(),
        (m, idx, aug) -> new NDList[] {
            new NDList(data.images(m, idx, aug.flip(), aug.blur())),
            new NDList(data.labels(m, idx, aug.flip()))},
        options, progress);
    markReady();
    return r;
  }

  /**
   * Class weights {@code (median_freq / freq_c)^0.5}, clipped to [0.2, 10], from the label
   * pixel frequencies of {@code data}; 0 for classes that never occur. Softened median-frequency
   * balancing: thin classes (poles, signs) get more weight without swamping large ones.
   */
  public static float[] balancedWeights(ImageSet data, int numClasses) {
    long[] freq = new long[numClasses];
    for (int i = 0; i < data.size(); i++) {
      int[] l = data.label(i);
      if (l == null) {
        continue;
      }
      for (int v : l) {
        if (v < numClasses) {
          freq[v]++;
        }
      }
    }
    long[] present = Arrays.stream(freq).filter(f -> f > 0).sorted().toArray();
    float[] w = new float[numClasses];
    if (present.length == 0) {
      return w;
    }
    double median = present[present.length / 2];
    for (int c = 0; c < numClasses; c++) {
      if (freq[c] > 0) {
        w[c] = (float) Math.max(0.2, Math.min(10.0, Math.sqrt(median / freq[c])));
      }
    }
    return w;
  }

  /** Predicts class ids for images {@code idx} of {@code data}: one row-major map per image. */
  public int[][] predict(ImageSet data, int[] idx) {
    checkSize(data);
    checkReady();
    try (NDManager m = model.getNDManager().newSubManager()) {
      return argmax(logits(m, data.images(m, idx, null)));
    }
  }

  /** Predicts class ids for a {@code [B,3,H,W]} image batch in [-1,1]. */
  public int[][] predict(NDArray images) {
    checkReady();
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDArray x = images.duplicate();
      x.attach(m);
      return argmax(logits(m, x));
    }
  }

  /** Accumulates a confusion matrix over all labelled images of {@code data}. */
  public ConfusionMatrix evaluate(ImageSet data, int batchSize) {
    ConfusionMatrix cm = new ConfusionMatrix(net.spec().numClasses());
    for (int from = 0; from < data.size(); from += batchSize) {
      int to = Math.min(data.size(), from + batchSize);
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = from + i;
      }
      int[][] pred = predict(data, idx);
      for (int i = 0; i < idx.length; i++) {
        int[] truth = data.label(idx[i]);
        if (truth != null) {
          cm.addPixels(truth, pred[i], ConfusionMatrix.IGNORE);
        }
      }
    }
    return cm;
  }

  /** Writes the parameters (DJL format). */
  private NDArray logits(NDManager m, NDArray x) {
    ParameterStore ps = new ParameterStore(m, false);
    return net.forward(ps, new NDList(x), false).singletonOrThrow();
  }

  private int[][] argmax(NDArray logits) {
    int b = (int) logits.getShape().get(0);
    int px = height * width;
    int[] flat = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
    int[][] out = new int[b][];
    for (int i = 0; i < b; i++) {
      out[i] = Arrays.copyOfRange(flat, i * px, (i + 1) * px);
    }
    return out;
  }
}
