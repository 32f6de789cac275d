package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Plain convolution (kernel 1 or 3, stride 1 or 2) with equalised learning rate; a kernel of
 * {@code k == 0} denotes a fully connected layer on {@code [B,Cin]} inputs. No activation.
 */
final class EqConv extends MiniBlock {
  private final int cin;
  private final int cout;
  private final int kernel;
  private final int stride;
  private final Parameter weight;
  private final Parameter bias;

  EqConv(int cin, int cout, int kernel, int stride) {
    this.cin = cin;
    this.cout = cout;
    this.kernel = kernel;
    this.stride = stride;
    Shape ws = kernel == 0 ? new Shape(cout, cin) : new Shape(cout, cin, kernel, kernel);
    weight = param("weight", ws, new NormalInitializer(1f));
    bias = param("bias", new Shape(cout), new ConstantInitializer(0f));
  }

  static EqConv linear(int cin, int cout) {
    return new EqConv(cin, cout, 0, 1);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    int fanIn = kernel == 0 ? cin : cin * kernel * kernel;
    NDArray w = value(ps, weight, x, training).mul((float) (1.0 / Math.sqrt(fanIn)));
    NDArray b = value(ps, bias, x, training);
    if (kernel == 0) {
      return new NDList(x.matMul(w.transpose()).add(b));
    }
    return new NDList(Ops.conv(x, w, b, stride));
  }

  NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return forward(ps, new NDList(x), training).singletonOrThrow();
  }

  int outChannels() {
    return cout;
  }
}
