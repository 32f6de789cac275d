package org.issastream.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.issastream.synthdrive.TrainId;
import org.issastream.trainer.judge.JudgeConfig;
import org.issastream.trainer.judge.JudgeManifest;
import org.issastream.trainer.judge.JudgeTrainer;
import org.issastream.trainer.judge.Judges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa train-judges}: trains the oracle segmenter and the condition classifier. */
@Command(name = "train-judges", mixinStandardHelpOptions = true,
    description = {"Train the codec judges on real SynthDrive scenes (judge seeds 2,000,000+): an oracle",
        "segmenter (19 Cityscapes trainIds) and a 7-way condition classifier; score them on held-out",
        "scenes and save weights + manifest.json. eval-codec uses the same directory as its cache."})
public final class TrainJudgesCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: $ISSA_JUDGES_DIR, else ~/.cache/issa/judges/" + JudgeManifest.VERSION + ").")
  Path out;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a training setting, e.g. --set judges.seg.steps=800 (see docs/judges.md).")
  Map<String, String> settings = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    Path dir = out != null ? out : JudgeOptions.defaultDir();
    JudgeConfig config = new JudgeConfig(settings);
    JudgeTrainer.Listener listener = new JudgeTrainer.Listener() {
      private ProgressBar bar;
      private String current;

      @Override
      public void phase(String message) {
        if (bar != null) {
          bar.finish();
          bar = null;
        }
        System.err.println("train-judges: " + message);
      }

      @Override
      public void step(String network, int step, int steps, float loss, float lr) {
        if (bar == null || !network.equals(current)) {
          current = network;
          bar = new ProgressBar(System.err, network + " steps", steps);
        }
        bar.update(step);
        if (step % 100 == 0 || step == steps) {
          bar.finish();
          System.err.printf("  %s step %d/%d loss %.4f lr %.5f%n", network, step, steps, loss, lr);
          bar = step == steps ? null : new ProgressBar(System.err, network + " steps", steps);
        }
      }
    };
    try (Judges judges = new JudgeTrainer(config, listener).train()) {
      JudgeManifest m = judges.save(dir);
      print(m);
      System.out.println("saved to " + dir.toAbsolutePath());
    }
    return 0;
  }

  static void print(JudgeManifest m) {
    JudgeManifest.HeldOut h = m.heldOut();
    System.out.printf("held-out scenes: %d (seeds %d..)%n", h.images(), h.firstSeed());
    System.out.printf("segmenter: mIoU %.4f over %d present classes, pixel accuracy %.4f%n", h.miou(),
        h.iou().size(), h.pixelAccuracy());
    h.iou().forEach((k, v) -> System.out.printf("  %-14s IoU %.4f%n", k, v));
    System.out.printf("classifier: accuracy %.4f%n", h.accuracy());
    StringBuilder head = new StringBuilder(String.format("  %-9s", "truth\\pred"));
    for (String c : m.conditions()) {
      head.append(String.format("%9s", c));
    }
    System.out.println(head);
    for (int t = 0; t < h.confusion().length; t++) {
      StringBuilder row = new StringBuilder(String.format("  %-9s", m.conditions().get(t)));
      for (long v : h.confusion()[t]) {
        row.append(String.format("%9d", v));
      }
      System.out.println(row);
    }
    Object secs = m.training().get("total_seconds");
    System.out.println("training took " + secs + " s wall, " + m.training().get("total_cpu_seconds")
        + " s CPU on " + m.training().get("cpus") + " CPUs");
  }

  static String className(int id) {
    return TrainId.name(id);
  }
}
