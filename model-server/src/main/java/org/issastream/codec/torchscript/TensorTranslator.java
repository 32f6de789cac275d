package org.issastream.codec.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Java float arrays in, Java float arrays out: every NDArray of a call is created in the predictor
 * context's NDManager, which DJL closes when {@code predict} returns, so nothing native outlives a
 * batch. The module's tuple output arrives as a flat NDList.
 */
final class TensorTranslator implements NoBatchifyTranslator<List<FloatTensor>, List<FloatTensor>> {

  @Override
  public NDList processInput(TranslatorContext ctx, List<FloatTensor> input) {
    NDManager m = ctx.getNDManager();
    NDList list = new NDList(input.size());
    for (FloatTensor t : input) {
      NDArray a = m.create(FloatBuffer.wrap(t.data()), new Shape(t.shape()), DataType.FLOAT32);
      list.add(t.axes() == null ? a : a.transpose(t.axes()));
    }
    return list;
  }

  @Override
  public List<FloatTensor> processOutput(TranslatorContext ctx, NDList list) {
    List<FloatTensor> out = new ArrayList<>(list.size());
    for (NDArray a : list) {
      NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
      out.add(new FloatTensor(f.toFloatArray(), f.getShape().getShape()));
    }
    return out;
  }
}
