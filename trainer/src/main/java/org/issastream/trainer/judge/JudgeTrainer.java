package org.issastream.trainer.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.TrainId;
import org.issastream.trainer.nn.ImageSet;
import org.issastream.trainer.nn.TrainLoop;
import org.issastream.trainer.seg.ConfusionMatrix;
import org.issastream.trainer.seg.SegNet;
import org.issastream.trainer.seg.Segmenter;

/**
 * Trains the judges on real SynthDrive scenes of all conditions and places (judge seed range),
 * then scores them on held-out scenes. Single-threaded training (DJL allows one gradient
 * collector per JVM); rendering uses {@link JudgeConfig#RENDER_THREADS} threads.
 */
public final class JudgeTrainer {

  /** Progress of a training run (stderr lines in the CLI). */
  public interface Listener {
    /** A phase starts or ends ("rendering 2800 training scenes", ...). */
    default void phase(String message) {}

    /** Called after every training step of a network ("segmenter" or "classifier"). */
    default void step(String network, int step, int steps, float loss, float learningRate) {}
  }

  private final JudgeConfig config;
  private final Listener listener;

  public JudgeTrainer(JudgeConfig config, Listener listener) {
    this.config = config;
    this.listener = listener == null ? new Listener() {} : listener;
  }

  /** Renders the data, trains both judges and scores them; the caller owns the result. */
  public Judges train() throws InterruptedException {
    long t0 = System.nanoTime();
    double cpu0 = TrainLoop.processCpuSeconds();
    int h = config.height();
    int w = config.width();
    int n = config.getInt(JudgeConfig.TRAIN_IMAGES);
    int threads = config.getInt(JudgeConfig.RENDER_THREADS);
    listener.phase("rendering " + n + " training scenes (seeds "
        + config.getLong(JudgeConfig.SEED) + "..) at " + w + "x" + h);
    ImageSet train = JudgeData.render(config.getLong(JudgeConfig.SEED), n, h, threads, null);
    int nh = config.getInt(JudgeConfig.HELD_OUT_IMAGES);
    listener.phase("rendering " + nh + " held-out scenes (seeds " + JudgeData.HELD_OUT_SEED + "..)");
    ImageSet heldOut = JudgeData.render(JudgeData.HELD_OUT_SEED, nh, h, threads, null);
    double renderSeconds = (System.nanoTime() - t0) / 1e9;
    double renderCpu = TrainLoop.processCpuSeconds() - cpu0;
    double blur = config.getDouble(JudgeConfig.BLUR_PROBABILITY);

    SegNet.Spec segSpec = new SegNet.Spec(TrainId.COUNT, config.getInt(JudgeConfig.SEG_WIDTH));
    TrainLoop.Options segOpt = new TrainLoop.Options(config.getInt(JudgeConfig.SEG_STEPS),
        config.getInt(JudgeConfig.SEG_BATCH), config.getDouble(JudgeConfig.SEG_LR).floatValue(),
        11L, true, blur);
    ConditionNet.Spec clsSpec =
        new ConditionNet.Spec(Condition.values().length, config.getInt(JudgeConfig.CLS_WIDTH));
    TrainLoop.Options clsOpt = new TrainLoop.Options(config.getInt(JudgeConfig.CLS_STEPS),
        config.getInt(JudgeConfig.CLS_BATCH), config.getDouble(JudgeConfig.CLS_LR).floatValue(),
        13L, true, blur);

    Segmenter seg = Segmenter.untrained(segSpec, h, w);
    ConditionClassifier cls = null;
    try {
      listener.phase("training the oracle segmenter: " + segOpt);
      TrainLoop.Result segResult = seg.train(train, segOpt,
          Segmenter.balancedWeights(train, TrainId.COUNT),
          (s, total, loss, lr) -> listener.step("segmenter", s, total, loss, lr));
      cls = ConditionClassifier.untrained(clsSpec, h, w);
      listener.phase("training the condition classifier: " + clsOpt);
      TrainLoop.Result clsResult = cls.train(train, clsOpt,
          (s, total, loss, lr) -> listener.step("classifier", s, total, loss, lr));

      listener.phase("scoring on " + nh + " held-out scenes");
      ConfusionMatrix segCm = seg.evaluate(heldOut, 32);
      ConfusionMatrix clsCm = cls.evaluate(heldOut, 64);

      Map<String, Object> training = new LinkedHashMap<>();
      new java.util.TreeMap<String, Object>(config.values()).forEach(training::put);
      training.put("render_seconds", round(renderSeconds));
      training.put("render_cpu_seconds", round(renderCpu));
      training.put("segmenter_seconds", round(segResult.seconds()));
      training.put("segmenter_cpu_seconds", round(segResult.cpuSeconds()));
      training.put("classifier_seconds", round(clsResult.seconds()));
      training.put("classifier_cpu_seconds", round(clsResult.cpuSeconds()));
      training.put("segmenter_final_loss", round(segResult.finalLoss()));
      training.put("classifier_final_loss", round(clsResult.finalLoss()));
      training.put("total_seconds", round((System.nanoTime() - t0) / 1e9));
      training.put("total_cpu_seconds", round(TrainLoop.processCpuSeconds() - cpu0));
      training.put("cpus", Runtime.getRuntime().availableProcessors());

      List<String> names = new ArrayList<>();
      for (Condition c : Condition.values()) {
        names.add(c.id());
      }
      JudgeManifest m = new JudgeManifest(JudgeManifest.FORMAT, JudgeManifest.VERSION, h, w,
          new JudgeManifest.Net("segmenter.params", "", segSpec.numClasses(), segSpec.baseWidth()),
          new JudgeManifest.Net("classifier.params", "", clsSpec.numClasses(),
              clsSpec.baseWidth()),
          names, training, heldOutScores(segCm, clsCm, nh));
      return new Judges(m, seg, cls);
    } catch (RuntimeException e) {
      seg.close();
      if (cls != null) {
        cls.close();
      }
      throw e;
    }
  }

  /** Summarises held-out confusion matrices for the manifest. */
  public static JudgeManifest.HeldOut heldOutScores(ConfusionMatrix seg, ConfusionMatrix cls,
      int images) {
    Map<String, Double> iou = new LinkedHashMap<>();
    for (int c = 0; c < seg.numClasses(); c++) {
      double v = seg.iou(c);
      if (!Double.isNaN(v)) {
        iou.put(TrainId.name(c), round(v));
      }
    }
    long[][] confusion = new long[cls.numClasses()][];
    for (int t = 0; t < cls.numClasses(); t++) {
      confusion[t] = cls.row(t);
    }
    return new JudgeManifest.HeldOut(JudgeData.HELD_OUT_SEED, images, round(seg.meanIou()),
        round(seg.accuracy()), iou, round(cls.accuracy()), confusion);
  }

  static double round(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }
}
