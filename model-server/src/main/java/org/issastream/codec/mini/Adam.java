package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Adam with state that can be saved and restored (DJL's optimiser keeps its moments private, so a
 * resumed run would restart them). Updates parameters in place and zeroes their gradients.
 */
final class Adam implements AutoCloseable {
  private final List<Parameter> params;
  private final NDManager manager;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final NDArray[] m;
  private final NDArray[] v;
  private long t;

  Adam(List<Parameter> params, NDManager parent, float beta1, float beta2, float eps) {
    this.params = params;
    this.manager = parent.newSubManager();
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    m = new NDArray[params.size()];
    v = new NDArray[params.size()];
    for (int i = 0; i < params.size(); i++) {
      NDArray p = params.get(i).getArray();
      m[i] = manager.zeros(p.getShape());
      v[i] = manager.zeros(p.getShape());
    }
    // DJL (PyTorch engine) allocates gradient buffers uninitialised when a parameter is set to
    // require gradients, and backward accumulates into them: start from real zeros.
    zeroGradients();
  }

  long steps() {
    return t;
  }

  /** One update with learning rate {@code lr}; call outside the gradient collector. */
  void step(float lr) {
    t++;
    float c1 = (float) (1 - Math.pow(beta1, t));
    float c2 = (float) (1 - Math.pow(beta2, t));
    for (int i = 0; i < params.size(); i++) {
      NDArray p = params.get(i).getArray();
      try (NDArray g = p.getGradient()) {
        m[i].muli(beta1).addi(g.mul(1 - beta1));
        v[i].muli(beta2).addi(g.square().muli(1 - beta2));
        NDArray upd = m[i].div(c1).divi(v[i].div(c2).sqrt().addi(eps)).muli(lr);
        p.subi(upd);
        g.muli(0f);
      }
    }
  }

  /** Whether every accumulated gradient is finite (one reduction per parameter). */
  boolean gradientsFinite() {
    double sum = 0;
    for (Parameter p : params) {
      try (NDArray g = p.getArray().getGradient(); NDArray s = g.sum()) {
        sum += s.getFloat();
      }
    }
    return Double.isFinite(sum);
  }

  /** Drops the accumulated gradients without updating (after a non-finite loss). */
  void zeroGradients() {
    for (Parameter p : params) {
      try (NDArray g = p.getArray().getGradient()) {
        g.set(new NDIndex("..."), 0f);
      }
    }
  }

  void save(OutputStream os) throws IOException {
    NDList list = new NDList();
    list.add(manager.create(new long[] {t}));
    for (int i = 0; i < m.length; i++) {
      list.add(m[i]);
      list.add(v[i]);
    }
    list.encode(os);
  }

  void load(InputStream is) throws IOException {
    try (NDManager tmp = manager.newSubManager()) {
      NDList list = NDList.decode(tmp, is);
      if (list.size() != 1 + 2 * m.length) {
        throw new IOException("optimizer state has " + list.size() + " arrays, expected "
            + (1 + 2 * m.length));
      }
      t = list.get(0).toLongArray()[0];
      for (int i = 0; i < m.length; i++) {
        m[i].set(list.get(1 + 2 * i).toFloatArray());
        v[i].set(list.get(2 + 2 * i).toFloatArray());
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
