package org.issastream.codec.mini;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
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
 * The mini codec's two networks (encoder and synthesis) with their parameters, owned by one
 * {@link NDManager}. Not thread-safe: one instance per worker thread, or external locking.
 *
 * <p>Weights file format: DJL's block parameter format, encoder block then synthesis block, in
 * one stream ({@link #save}/{@link #load}).
 */
public final class MiniCodecNetwork implements AutoCloseable {
  private final MiniArch arch;
  private final NDManager manager;
  private final Encoder encoder;
  private final Synthesis synthesis;
  private ParameterStore store;

  /** Creates randomly initialised networks (seed the engine first for reproducibility). */
  public MiniCodecNetwork(MiniArch arch, NDManager parent) {
    this.arch = arch;
    this.manager = parent.newSubManager();
    this.encoder = new Encoder(arch);
    this.synthesis = new Synthesis(arch);
    encoder.initialize(manager, DataType.FLOAT32);
    synthesis.initialize(manager, DataType.FLOAT32);
    this.store = new ParameterStore(manager, false);
  }

  public MiniArch arch() {
    return arch;
  }

  public NDManager manager() {
    return manager;
  }

  /** E(x): {@code image [B,3,H,W]} in [-1,1] to {@code (w_plus [B,L,D], n1, n2)}. */
  public NDList encode(NDArray image, boolean training) {
    return encoder.forward(store, new NDList(image), training);
  }

  /** G(W+, n1, n2) to {@code image [B,3,H,W]}. */
  public NDArray synthesize(NDArray wPlus, NDArray n1, NDArray n2, boolean training) {
    return synthesis.forward(store, new NDList(wPlus, n1, n2), training).singletonOrThrow();
  }

  /** All trainable parameters, encoder first, with unique ids. */
  public List<Parameter> parameters() {
    List<Parameter> out = new ArrayList<>();
    for (Pair<String, Parameter> p : encoder.getParameters()) {
      out.add(p.getValue());
    }
    for (Pair<String, Parameter> p : synthesis.getParameters()) {
      out.add(p.getValue());
    }
    return out;
  }

  ai.djl.nn.ParameterList encoderParams() {
    return encoder.getParameters();
  }

  ai.djl.nn.ParameterList synthParams() {
    return synthesis.getParameters();
  }

  public long encoderParameterCount() {
    return count(encoder);
  }

  public long synthesisParameterCount() {
    return count(synthesis);
  }

  private static long count(MiniBlock b) {
    long n = 0;
    for (Pair<String, Parameter> p : b.getParameters()) {
      n += p.getValue().getShape().size();
    }
    return n;
  }

  public void save(OutputStream os) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
    encoder.saveParameters(out);
    synthesis.saveParameters(out);
    out.flush();
  }

  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream os = Files.newOutputStream(tmp)) {
      save(os);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Replaces all parameters with those read from {@code is} (written by {@link #save}). */
  public void load(InputStream is) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(is));
    try {
      encoder.loadParameters(manager, in);
      synthesis.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("weights do not match " + arch + ": " + e.getMessage(), e);
    }
    // loaded arrays replace the parameters' arrays: fresh store (no cached values), and
    // gradients attached again so that training can continue from loaded weights
    for (Parameter p : parameters()) {
      if (p.requiresGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
    store = new ParameterStore(manager, false);
  }

  /** Drops cached parameter values, after parameter arrays were replaced (tests). */
  void resetParameterStore() {
    store = new ParameterStore(manager, false);
  }

  public void load(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file)) {
      load(is);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
