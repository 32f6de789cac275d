package org.issastream.trainer.nn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.SplittableRandom;

/**
 * A plain mini-batch training loop: Adam with linear warm-up and cosine decay, random batches
 * with replacement across epochs (a shuffled permutation per epoch), optional horizontal flips.
 *
 * <p>Single-threaded by contract: DJL allows one open {@link GradientCollector} per JVM. Each step's
 * tensors live in a sub-manager closed at the end of the step, so nothing leaks per batch.
 */
public final class TrainLoop {

  /**
   * Hyper-parameters of one run.
   *
   * @param hflip mirror each sample horizontally with probability 1/2
   * @param blurProbability probability that a sample is blurred by 1 or 2 passes of a 3×3
   *     binomial filter (see {@link ImageSet#images(NDManager, int[], boolean[], int[])})
   */
  public record Options(int steps, int batchSize, float learningRate, long seed, boolean hflip,
      double blurProbability) {
    public Options {
      if (steps < 1 || batchSize < 1 || !(learningRate > 0)
          || !(blurProbability >= 0 && blurProbability <= 1)) {
        throw new IllegalArgumentException("bad options: " + steps + ", " + batchSize + ", "
            + learningRate + ", " + blurProbability);
      }
    }
  }

  /** Per-sample augmentation of one batch. */
  public record Augment(boolean[] flip, int[] blur) {}

  /** Builds one batch: returns {inputs, labels}, both attached to {@code manager}. */
  @FunctionalInterface
  public interface BatchMaker {
    NDList[] make(NDManager manager, int[] indices, Augment augment);
  }

  /** Called after each step; {@code loss} is the step's mean loss. */
  @FunctionalInterface
  public interface Progress {
    void onStep(int step, int steps, float loss, float learningRate);
  }

  /**
   * Outcome of a run.
   *
   * @param seconds wall-clock time
   * @param cpuSeconds CPU time of the whole process meanwhile (on a shared machine the honest
   *     measure of cost: wall time depends on the neighbours)
   */
  public record Result(int steps, float firstLoss, float finalLoss, double seconds,
      double cpuSeconds) {}

  /** CPU time of this process in seconds, or NaN where the JVM does not tell. */
  public static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long ns = sun.getProcessCpuTime();
      return ns < 0 ? Double.NaN : ns / 1e9;
    }
    return Double.NaN;
  }

  private TrainLoop() {}

  /**
   * Trains the (not yet initialised) block of {@code model} on {@code datasetSize} items.
   *
   * @param inputShape the shape of one batch of inputs, used to initialise parameters
   */
  public static Result train(Model model, Shape inputShape, Loss loss, int datasetSize,
      BatchMaker batches, Options o, Progress progress) {
    if (datasetSize < 1) {
      throw new IllegalArgumentException("empty training set");
    }
    Tracker lr = schedule(o.learningRate(), o.steps());
    DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss)
        .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build());
    SplittableRandom rnd = new SplittableRandom(o.seed());
    int[] perm = permutation(datasetSize, rnd);
    int cursor = 0;
    long t0 = System.nanoTime();
    double cpu0 = processCpuSeconds();
    float first = Float.NaN;
    float last = Float.NaN;
    float ema = Float.NaN;
    try (Trainer trainer = model.newTrainer(cfg)) {
      trainer.initialize(inputShape);
      for (int step = 1; step <= o.steps(); step++) {
        int[] idx = new int[o.batchSize()];
        boolean[] flip = new boolean[o.batchSize()];
        int[] blur = new int[o.batchSize()];
        for (int b = 0; b < idx.length; b++) {
          if (cursor == perm.length) {
            perm = permutation(datasetSize, rnd);
            cursor = 0;
          }
          idx[b] = perm[cursor++];
          flip[b] = o.hflip() && rnd.nextBoolean();
          blur[b] = rnd.nextDouble() < o.blurProbability() ? 1 + rnd.nextInt(2) : 0;
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDList[] batch = batches.make(m, idx, new Augment(flip, blur));
          float value;
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList pred = trainer.forward(batch[0]);
            NDArray l = loss.evaluate(batch[1], pred);
            value = l.getFloat();
            gc.backward(l);
          }
          trainer.step();
          if (!Float.isFinite(value)) {
            throw new ArithmeticException("training diverged at step " + step + ": loss " + value);
          }
          if (step == 1) {
            first = value;
          }
          last = value;
          ema = Float.isNaN(ema) ? value : 0.95f * ema + 0.05f * value;
        }
        if (progress != null) {
          progress.onStep(step, o.steps(), ema, lr.getNewValue(step - 1));
        }
      }
    }
    return new Result(o.steps(), first, last, (System.nanoTime() - t0) / 1e9,
        processCpuSeconds() - cpu0);
  }

  /**
   * Learning rate at update {@code n} (0-based): linear warm-up from 5 % over the first 10 % of
   * the run (at most 100 updates), then cosine decay to 2 % of {@code base}.
   */
  public static Tracker schedule(float base, int steps) {
    int warmup = Math.max(1, Math.min(100, steps / 10));
    return n -> {
      if (n < warmup) {
        return base * (0.05f + 0.95f * n / warmup);
      }
      double t = Math.min(1.0, (double) (n - warmup) / Math.max(1, steps - warmup));
      return (float) (base * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * t))));
    };
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
