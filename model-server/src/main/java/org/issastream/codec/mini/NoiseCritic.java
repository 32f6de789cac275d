package org.issastream.codec.mini;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training-only critic that tries to tell an image's capture condition from its predicted content
 * noise maps alone ({@code [B,2C,H/4,W/4]}: the two maps stacked). The trainer fits it to the
 * condition tags and trains the encoder against it (its predictions pushed towards uniform), so that
 * the noise keeps the layout but not the weather or time of day, which then has to travel in W+,
 * where style mixing can swap it. Not part of the exported codec.
 *
 * <p>Two strided 3x3 convolutions, a spatial mean and a linear layer to {@code classes} logits.
 */
final class NoiseCritic extends MiniBlock implements AutoCloseable {
  private final EqConv c1;
  private final EqConv c2;
  private final EqConv fc;
  private final NDManager manager;
  private final int classes;
  private ParameterStore store;

  NoiseCritic(int noiseChannels, int classes, NDManager parent) {
    this.classes = classes;
    c1 = addChildBlock("c1", new EqConv(2 * noiseChannels, 32, 3, 2));
    c2 = addChildBlock("c2", new EqConv(32, 64, 3, 2));
    fc = addChildBlock("fc", EqConv.linear(64, classes));
    manager = parent.newSubManager();
    initialize(manager, DataType.FLOAT32);
    store = new ParameterStore(manager, false);
  }

  /** Logits {@code [B,classes]} for the stacked noise maps. */
  NDArray logits(NDArray n1, NDArray n2, boolean training) {
    return forward(store, new NDList(n1.concat(n2, 1)), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = Ops.lrelu(c1.apply(ps, inputs.singletonOrThrow(), training));
    x = Ops.lrelu(c2.apply(ps, x, training));
    return new NDList(fc.apply(ps, Ops.mean(x, new int[] {2, 3}, false), training));
  }

  int classes() {
    return classes;
  }

  List<Parameter> parameterList() {
    List<Parameter> out = new ArrayList<>();
    for (Pair<String, Parameter> p : getParameters()) {
      out.add(p.getValue());
    }
    return out;
  }

  NDManager manager() {
    return manager;
  }

  void save(Path file) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
      saveParameters(out);
    }
  }

  void load(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("critic weights do not match: " + e.getMessage(), e);
    }
    for (Parameter p : parameterList()) {
      p.getArray().setRequiresGradient(true);
    }
    store = new ParameterStore(manager, false);
  }

  @Override
  public void close() {
    manager.close();
  }
}
