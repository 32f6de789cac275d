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
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.issastream.codec.djl.NativeFloats;

/**
 * Moves a module call's tensors between the Java heap and libtorch with as few copies as the data
 * allows. Every NDArray of a call lives in the predictor context's NDManager, which DJL closes when
 * {@code predict} returns, so nothing native outlives a call.
 *
 * <p><b>Inputs</b> are written by their {@link TensorInput#writer} into direct buffers that each
 * calling thread keeps and reuses; libtorch wraps them without a copy. Handed a heap array, DJL
 * would allocate a fresh direct buffer per input and call, released only when a later GC runs its
 * cleaner; the native heap then kept growing into fresh pages (about 1400 page faults per batch-16
 * synthesis on the development machine, ≈ 10 % of the call). The tensors never outlive the call, so
 * reusing the buffer on the next call of the same thread is safe.
 *
 * <p><b>Outputs</b> are handed to the call's {@link TensorOutput.Reader} as views of libtorch's
 * memory ({@code toByteBuffer(true)}: no copy for a contiguous tensor), optionally read permuted
 * ({@code outputAxes}; e.g. the synthesis image as NHWC, which for a channels-last image is again no
 * copy). The reader copies out exactly what its caller keeps (per-sample latents, 8-bit pixels), so
 * a batch no longer passes through a {@code byte[]} and a {@code float[]} of its own: at batch 16
 * those were several humongous G1 allocations per call, and their GC pauses landed in calls.
 */
final class TensorTranslator implements NoBatchifyTranslator<TensorTranslator.Call<?>, Object> {
  private static final String CALL = "issa.call";

  /** A module call: its inputs, how to read each output (axes or null), and what to make of them. */
  record Call<T>(List<TensorInput> inputs, List<int[]> outputAxes, TensorOutput.Reader<T> reader) {}

  /** Per thread, one staging buffer per input position, grown to the largest input seen. */
  private final ThreadLocal<List<ByteBuffer>> staging = ThreadLocal.withInitial(ArrayList::new);

  @Override
  public NDList processInput(TranslatorContext ctx, Call<?> call) {
    ctx.setAttachment(CALL, call);
    NDManager m = ctx.getNDManager();
    List<ByteBuffer> buffers = staging.get();
    NDList list = new NDList(call.inputs().size());
    for (int i = 0; i < call.inputs().size(); i++) {
      TensorInput t = call.inputs().get(i);
      int n = t.numel();
      if (buffers.size() <= i) {
        buffers.add(null);
      }
      ByteBuffer buf = buffers.get(i);
      if (buf == null || buf.capacity() < n * Float.BYTES) {
        buf = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
        buffers.set(i, buf);
      }
      ByteBuffer view = buf.duplicate().clear().limit(n * Float.BYTES).slice().order(ByteOrder.nativeOrder());
      FloatBuffer fb = view.asFloatBuffer();
      t.writer().accept(fb);
      if (fb.position() != n) {
        throw new IllegalStateException("input " + i + " " + t.shapeText() + " needs " + n + " values, its writer put " + fb.position());
      }
      NDArray a = m.create(view, new Shape(t.shape()), DataType.FLOAT32);
      list.add(t.axes() == null ? a : a.transpose(t.axes()));
    }
    return list;
  }

  @Override
  public Object processOutput(TranslatorContext ctx, NDList list) throws Exception {
    Call<?> call = (Call<?>) ctx.getAttachment(CALL);
    List<TensorOutput> outs = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      NDArray a = list.get(i);
      NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
      int[] axes = i < call.outputAxes().size() ? call.outputAxes().get(i) : null;
      int[] undo = null;
      if (axes != null && f.getShape().dimension() == axes.length) { // a wrong rank is reported by the reader
        f = f.transpose(axes);
        undo = TensorOutput.inverse(axes);
      }
      outs.add(new TensorOutput(NativeFloats.view(f), f.getShape().getShape(), undo));
    }
    return call.reader().read(outs);
  }
}
