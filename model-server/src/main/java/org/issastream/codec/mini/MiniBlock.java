package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;

/**
 * Base of the mini codec's DJL blocks. Every parameter shape is fixed at construction from
 * {@link MiniArch}, so initialisation needs no shape inference: {@code initialize(manager, FLOAT32)}
 * with no input shapes is enough, and children are initialised the same way.
 */
abstract class MiniBlock extends AbstractBlock {

  protected MiniBlock() {
    super((byte) 1);
  }

  /** Adds a parameter with a fixed shape and its own initialiser. */
  protected final Parameter param(String name, Shape shape, Initializer init) {
    return addParameter(
        Parameter.builder()
            .setName(name)
            .setType(Parameter.Type.OTHER)
            .optShape(shape)
            .optInitializer(init)
            .build());
  }

  /** The parameter's array on the input's device. */
  protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
    return ps.getValue(p, like.getDevice(), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Pair<String, Block> child : getChildren()) {
      child.getValue().initialize(manager, dataType);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + ": shapes are fixed by MiniArch, see its javadoc");
  }
}
