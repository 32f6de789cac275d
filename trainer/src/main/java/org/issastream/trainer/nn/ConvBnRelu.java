package org.issastream.trainer.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** 3×3 convolution + batch norm + ReLU; stride 1 or 2, "same" padding. */
public final class ConvBnRelu extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Conv2d conv;
  private final BatchNorm bn;

  public ConvBnRelu(int outChannels, int stride) {
    super(VERSION);
    conv = addChildBlock("conv", Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(1, 1))
        .setFilters(outChannels)
        .optBias(true)
        .build());
    bn = addChildBlock("bn", BatchNorm.builder().build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList x = conv.forward(ps, inputs, training);
    x = bn.forward(ps, x, training);
    return new NDList(Activation.relu(x.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType,
      Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }
}
