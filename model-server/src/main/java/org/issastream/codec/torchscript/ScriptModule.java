package org.issastream.codec.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.issastream.codec.CodecException;

/**
 * One TorchScript file loaded through DJL, with a pool of predictors: a {@link Predictor} is not
 * thread-safe, so each call borrows one exclusively and returns it; the pool grows to the number of
 * threads that ever ran concurrently. Not closed while calls are in flight (the owning codec
 * guarantees that).
 */
final class ScriptModule implements AutoCloseable {
  private final String name;
  private final Model model;
  private final TensorTranslator translator = new TensorTranslator();
  private final List<int[]> outputAxes;
  private final ConcurrentLinkedDeque<Predictor<TensorTranslator.Call<?>, Object>> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger created = new AtomicInteger();

  /** {@code outputAxes}: per output position, the axes to read it by (null: as is). */
  ScriptModule(String name, Path file, Device device, List<int[]> outputAxes) throws CodecException {
    this.name = name;
    this.outputAxes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(outputAxes)); // may hold nulls
    Model m = Model.newInstance(name, device, "PyTorch");
    try {
      String fileName = file.getFileName().toString();
      String prefix = fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
      // mapLocation: load weights traced on another device straight onto this one
      m.load(file.getParent(), prefix, Map.of("mapLocation", "true"));
    } catch (IOException | MalformedModelException | EngineException e) {
      m.close();
      throw new CodecException("cannot load TorchScript " + name + " from " + file + ": " + e.getMessage(), e);
    }
    this.model = m;
  }

  /**
   * Runs the module on the inputs and hands its outputs (read by this module's output axes) to
   * {@code reader} while libtorch still holds them; returns what the reader made of them.
   */
  <T> T forward(List<TensorInput> inputs, TensorOutput.Reader<T> reader) throws CodecException {
    Predictor<TensorTranslator.Call<?>, Object> p = idle.pollFirst();
    if (p == null) {
      p = model.newPredictor(translator);
      created.incrementAndGet();
    }
    try {
      @SuppressWarnings("unchecked")
      T result = (T) p.predict(new TensorTranslator.Call<>(inputs, outputAxes, reader));
      return result;
    } catch (TranslateException | EngineException e) {
      for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c instanceof CodecException ce) {
          throw ce; // the reader's own verdict (e.g. a shape the manifest does not allow)
        }
      }
      throw new CodecException(name + " forward failed for inputs " + shapes(inputs) + ": " + rootMessage(e), e);
    } finally {
      idle.offerFirst(p);
    }
  }

  /** Predictors created so far (≈ peak concurrency). */
  int predictors() {
    return created.get();
  }

  private static String shapes(List<TensorInput> inputs) {
    return inputs.stream().map(TensorInput::shapeText).toList().toString();
  }

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    String msg = r.getMessage() == null ? r.toString() : r.getMessage();
    int nl = msg.indexOf('\n');
    return nl > 0 ? msg.substring(0, nl) : msg;
  }

  @Override
  public void close() {
    for (Predictor<?, ?> p; (p = idle.pollFirst()) != null; ) {
      p.close();
    }
    model.close();
  }
}
