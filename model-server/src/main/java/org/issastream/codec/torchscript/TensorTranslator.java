package org.issastream.codec.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Java float arrays in, Java float arrays out: every NDArray of a call is created in the predictor
 * context's NDManager, which DJL closes when {@code predict} returns, so nothing native outlives a
 * batch. The module's tuple output arrives as a flat NDList.
 *
 * <p>Inputs are staged in direct buffers that each calling thread keeps and reuses. Handed a heap
 * array, DJL would allocate a fresh direct buffer per input and call, released only when a later GC
 * runs its cleaner; the native heap then keeps growing into fresh pages (about 1400 page faults per
 * batch-16 synthesis on the development machine, ≈ 10 % of the call). libtorch wraps a direct buffer
 * without copying, and the tensors never outlive the call, so reusing the buffer on the next call of
 * the same thread is safe.
 */
final class TensorTranslator implements NoBatchifyTranslator<List<FloatTensor>, List<FloatTensor>> {
  /** Per thread, one staging buffer per input position, grown to the largest input seen. */
  private final ThreadLocal<List<ByteBuffer>> staging = ThreadLocal.withInitial(ArrayList::new);

  @Override
  public NDList processInput(TranslatorContext ctx, List<FloatTensor> input) {
    NDManager m = ctx.getNDManager();
    List<ByteBuffer> buffers = staging.get();
    NDList list = new NDList(input.size());
    for (int i = 0; i < input.size(); i++) {
      FloatTensor t = input.get(i);
      int bytes = t.data().length * Float.BYTES;
      if (buffers.size() <= i) {
        buffers.add(null);
      }
      ByteBuffer buf = buffers.get(i);
      if (buf == null || buf.capacity() < bytes) {
        buf = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        buffers.set(i, buf);
      }
      ByteBuffer view = buf.duplicate().clear().limit(bytes).slice().order(ByteOrder.nativeOrder());
      view.asFloatBuffer().put(t.data());
      NDArray a = m.create(view, new Shape(t.shape()), DataType.FLOAT32);
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
