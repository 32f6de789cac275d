package org.issastream.trainer.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.io.InputStream;
import org.issastream.trainer.TrainerException;
import org.issastream.trainer.nn.ImageModel;
import org.issastream.trainer.nn.ImageSet;
import org.issastream.trainer.nn.TrainLoop;
import org.issastream.trainer.seg.ConfusionMatrix;

/**
 * Whole-image classifier ({@link ConditionNet}) for images of a fixed size, trained on the tags of
 * an {@link ImageSet} (for the judges: the SynthDrive condition ordinal). Holds native memory:
 * close it. Not thread-safe.
 */
public final class ConditionClassifier extends ImageModel {
  private final ConditionNet net;

  private ConditionClassifier(ConditionNet net, int height, int width) {
    super("condition classifier", net, height, width);
    this.net = net;
  }

  private ConditionClassifier(ConditionNet.Spec spec, int height, int width) {
    this(new ConditionNet(spec), height, width);
  }

  public static ConditionClassifier untrained(ConditionNet.Spec spec, int height, int width) {
    return new ConditionClassifier(spec, height, width);
  }

  /** A classifier with parameters read from {@code params} (written by {@link #save}). */
  public static ConditionClassifier load(ConditionNet.Spec spec, int height, int width,
      InputStream params) throws TrainerException {
    return withParameters(new ConditionClassifier(spec, height, width), params);
  }

  public ConditionNet.Spec spec() {
    return net.spec();
  }

  /** Trains with softmax cross-entropy on the tags of {@code data} (0 ≤ tag < numClasses). */
  public TrainLoop.Result train(ImageSet data, TrainLoop.Options options,
      TrainLoop.Progress progress) {
    checkSize(data);
    checkUntrained();
    TrainLoop.Result r = TrainLoop.train(model, new Shape(options.batchSize(), 3, height, width),
        Loss.softmaxCrossEntropyLoss(), data.size(),
        (m, idx, aug) -> new NDList[] {
            new NDList(data.images(m, idx, aug.flip(), aug.blur())),
            new NDList(data.tags(m, idx).toType(DataType.INT64, false))},
        options, progress);
    markReady();
    return r;
  }

  /** Predicted class of images {@code idx} of {@code data}. */
  public int[] predict(ImageSet data, int[] idx) {
    checkSize(data);
    checkReady();
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDArray logits = net.forward(new ParameterStore(m, false),
          new NDList(data.images(m, idx, null)), false).singletonOrThrow();
      return logits.argMax(1).toType(DataType.INT32, false).toIntArray();
    }
  }

  /** Confusion matrix (rows: tag, columns: prediction) over all images of {@code data}. */
  public ConfusionMatrix evaluate(ImageSet data, int batchSize) {
    ConfusionMatrix cm = new ConfusionMatrix(net.spec().numClasses());
    for (int from = 0; from < data.size(); from += batchSize) {
      int to = Math.min(data.size(), from + batchSize);
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = from + i;
      }
      int[] pred = predict(data, idx);
      for (int i = 0; i < idx.length; i++) {
        cm.add(data.tag(idx[i]), pred[i]);
      }
    }
    return cm;
  }
}
