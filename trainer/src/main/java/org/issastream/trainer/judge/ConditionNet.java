package org.issastream.trainer.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.issastream.trainer.nn.ConvBnRelu;

/**
 * Image classifier for global appearance (weather, illumination): five stride-2 conv-BN-ReLU
 * stages ({@code w, 2w, 3w, 4w, 4w} channels, 64×128 → 2×4), then global average <em>and</em> max
 * pooling concatenated (average captures overall tone and haze, max captures sparse bright
 * evidence such as lit windows and lamps at night), then a linear layer to the class logits.
 */
public final class ConditionNet extends AbstractBlock {
  private static final byte VERSION = 1;

  /** Architecture: number of classes and base width (≥ 16, see SegNet.Spec). */
  public record Spec(int numClasses, int baseWidth) {
    public Spec {
      if (numClasses < 2 || baseWidth < 16) {
        throw new IllegalArgumentException("bad ConditionNet spec: " + numClasses + ", "
            + baseWidth);
      }
    }
  }

  private final Spec spec;
  private final ConvBnRelu[] stages;
  private final Linear head;

  public ConditionNet(Spec spec) {
    super(VERSION);
    this.spec = spec;
    int w = spec.baseWidth();
    int[] widths = {w, 2 * w, 3 * w, 4 * w, 4 * w};
    stages = new ConvBnRelu[widths.length];
    for (int i = 0; i < widths.length; i++) {
      stages[i] = addChildBlock("s" + i, new ConvBnRelu(widths[i], 2));
    }
    head = addChildBlock("head", Linear.builder().setUnits(spec.numClasses()).build());
  }

  public Spec spec() {
    return spec;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (ConvBnRelu s : stages) {
      x = s.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    NDArray feat = Pool.globalAvgPool2d(x).concat(x.max(new int[] {3}).max(new int[] {2}), 1);
    return head.forward(ps, new NDList(feat), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), spec.numClasses())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    for (ConvBnRelu st : stages) {
      st.initialize(manager, dataType, s);
      s = st.getOutputShapes(new Shape[] {s})[0];
    }
    head.initialize(manager, dataType, new Shape(s.get(0), 2 * s.get(1)));
  }
}
