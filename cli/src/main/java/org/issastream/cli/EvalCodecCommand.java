package org.issastream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.issastream.codec.Codec;
import org.issastream.codec.MixPolicy;
import org.issastream.trainer.judge.CodecEvalReport;
import org.issastream.trainer.judge.CodecEvaluator;
import org.issastream.trainer.judge.JudgeConfig;
import org.issastream.trainer.judge.JudgeStore;
import org.issastream.trainer.judge.JudgeTrainer;
import org.issastream.trainer.judge.Judges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code issa eval-codec}: judges a codec on held-out SynthDrive pairs. */
@Command(name = "eval-codec", mixinStandardHelpOptions = true,
    description = {"Judge a codec on held-out content/style pairs of different conditions (seeds 9,000,000+):",
        "reconstruction PSNR, oracle mIoU on real / reconstructed / mixed images, and how often the",
        "condition classifier names the style's (style taken) or the content's condition (content kept)."})
public final class EvalCodecCommand implements Callable<Integer> {
  @Mixin CodecOptions codecOptions;

  @Option(names = "--pairs", defaultValue = "500", description = "Number of pairs (default ${DEFAULT-VALUE}).")
  int pairs;

  @Option(names = "--seed", defaultValue = "9000000", description = "First layout seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--batch", defaultValue = "16", description = "Pairs per codec call (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Option(names = "--judges", paramLabel = "DIR",
      description = "Judge directory (default: $ISSA_JUDGES_DIR, else ~/.cache/issa/judges/<version>). Used if it holds judges;"
          + " else the bundled judges; else judges are trained into it (about 10 min on 2 cores).")
  Path judgesDir;

  @Option(names = "--no-bundled-judges", description = "Do not fall back to the judges shipped with issa.")
  boolean noBundled;

  @Override
  public Integer call() throws Exception {
    Path dir = judgesDir != null ? judgesDir : JudgeOptions.defaultDir();
    JudgeTrainer.Listener trainLog = new JudgeTrainer.Listener() {
      @Override
      public void phase(String message) {
        System.err.println("eval-codec: training judges: " + message);
      }

      @Override
      public void step(String network, int step, int steps, float loss, float lr) {
        if (step % 100 == 0 || step == steps) {
          System.err.printf("  %s step %d/%d loss %.4f%n", network, step, steps, loss);
        }
      }
    };
    JudgeStore.Obtained got = JudgeStore.obtain(dir, !noBundled, new JudgeConfig(java.util.Map.of()), trainLog);
    try (Judges judges = got.judges(); Codec codec = codecOptions.load()) {
      System.err.println("eval-codec: judges " + judges.manifest().version() + " from " + got.where()
          + " (" + got.source().name().toLowerCase(java.util.Locale.ROOT) + "); codec " + codec.manifest().id()
          + " " + codec.manifest().version());
      ProgressBar bar = new ProgressBar(System.err, "eval-codec pairs", pairs);
      CodecEvalReport r = new CodecEvaluator(judges).evaluate(codec,
          new CodecEvaluator.Options(pairs, seed, batch, MixPolicy.defaults()), (done, total) -> bar.update(done));
      bar.finish();
      System.out.println(json ? r.toJson() : r.toTable());
    }
    return 0;
  }
}
