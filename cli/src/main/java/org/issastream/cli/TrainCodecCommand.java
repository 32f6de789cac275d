package org.issastream.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.mini.MiniArch;
import org.issastream.codec.mini.MiniCodecExport;
import org.issastream.codec.mini.MiniCodecNetwork;
import org.issastream.codec.mini.MiniCodecTrainer;
import org.issastream.codec.mini.MiniTrainingOptions;
import org.issastream.codec.mini.SynthDriveImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa train-codec}: trains the built-in mini codec on SynthDrive scenes. */
@Command(name = "train-codec", mixinStandardHelpOptions = true,
    description = {"Train the built-in mini codec (masked-noise encoder + style-based synthesis, "
        + "64x128) on SynthDrive scenes of seeds 1000000-1999999, all conditions and places.",
        "Writes train-log.csv, checkpoint/, samples/*.png, weights.params and arch.json to --out."})
public final class TrainCodecCommand implements Callable<Integer> {
  private static final MiniTrainingOptions D = MiniTrainingOptions.defaults();

  @Option(names = "--out", defaultValue = "out/train-codec", paramLabel = "DIR",
      description = "Run directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--steps", description = "Optimisation steps (default: 4000).")
  int steps = D.steps();

  @Option(names = "--batch", description = "Images per step (default: 8).")
  int batch = D.batch();

  @Option(names = "--lr", description = "Peak learning rate (default: 0.003).")
  float lr = D.lr();

  @Option(names = "--warmup", description = "Warm-up steps (default: 30).")
  int warmup = D.warmupSteps();

  @Option(names = "--minutes", description = "Wall-clock budget in minutes; the cosine schedule "
      + "ends by then even if --steps is not reached (default: 60).")
  double minutes = D.maxMinutes();

  @Option(names = "--mask-ratio", description = "Masked fraction of noise patches (default: 0.25).")
  double maskRatio = D.maskRatio();

  @Option(names = "--mask-patch", description = "Mask patch side in noise cells (default: 2).")
  int maskPatch = D.maskPatch();

  @Option(names = "--w-grad", description = "Weight of the image-gradient loss (default: 1).")
  float wGrad = D.wGrad();

  @Option(names = "--w-noise", description = "Weight of the L1 noise penalty (default: 0.01).")
  float wNoise = D.wNoiseL1();

  @Option(names = "--w-adv", description = "Weight of the adversarial term that keeps the capture "
      + "condition out of the content noise: a small critic learns the condition from the noise "
      + "maps, the encoder is pushed to make its prediction uniform (0 = off) (default: 0.3).")
  float wAdv = D.wAdv();

  @Option(names = "--photometric", description = "Probability that the noise path sees a "
      + "photometrically distorted copy (0 = off; costs one more encoder pass) (default: 0.8).")
  double photometric = D.photometricProb();

  @Option(names = "--seed", description = "Seed of initialisation, masks and distortions "
      + "(default: 1).")
  long seed = D.seed();

  @Option(names = "--monitor", defaultValue = "16",
      description = "Held-out monitor images (seeds from 9900000) for PSNR and sample grids "
          + "(default: ${DEFAULT-VALUE}).")
  int monitor;

  @Option(names = "--sample-every", description = "Steps between PNG sample grids "
      + "(default: 200).")
  int sampleEvery = D.sampleEvery();

  @Option(names = "--threads", description = "PyTorch intra-op threads (default: the engine's "
      + "choice, one per core). On a machine shared with other busy processes 1 is much faster: "
      + "spinning OpenMP workers wait for each other's time slices.")
  Integer threads;

  @Option(names = "--synth-channels", split = ",", paramLabel = "C",
      description = "Synthesis channels at the constant and after each block, coarse to fine "
          + "(default: 96,64,32,16,8; the third-from-last entry is the noise block's width).")
  int[] synthChannels;

  @Option(names = "--enc-channels", split = ",", paramLabel = "C",
      description = "Encoder stem and stage channels at 1/1 .. 1/16 (default: 16,24,48,64,96).")
  int[] encChannels;

  @Option(names = "--fpn-channels", description = "Width of the encoder's feature pyramid "
      + "(default: 32).")
  Integer fpnChannels;

  @Option(names = "--resume", description = "Continue from --out/checkpoint if present.")
  boolean resume;

  @Option(names = "--export", paramLabel = "CODEC_DIR", description = "After training, write a "
      + "codec directory (manifest.json with sha256 pins, arch.json, weights.params, the log and "
      + "the last sample grid) loadable by the codec API, e.g. models/mini-codec-v2.")
  Path export;

  @Option(names = "--export-only", description = "Skip training; export the finished run in "
      + "--out to --export.")
  boolean exportOnly;

  @Option(names = "--codec-id", defaultValue = "issa-mini-64x128",
      description = "Codec id written to the manifest (default: ${DEFAULT-VALUE}).")
  String codecId;

  @Option(names = "--codec-version", defaultValue = "1.0.0",
      description = "Codec version written to the manifest (default: ${DEFAULT-VALUE}).")
  String codecVersion;

  @Override
  public Integer call() throws Exception {
    if (!exportOnly) {
      train();
    }
    if (export != null) {
      CodecManifest m = MiniCodecExport.export(out, export, codecId, codecVersion);
      System.out.println("exported " + m + " -> " + export);
    }
    return 0;
  }

  /** The architecture: a resumed run's own arch.json, else the defaults with the options. */
  private MiniArch arch() throws java.io.IOException {
    Path saved = out.resolve("arch.json");
    if (resume && java.nio.file.Files.exists(saved)) {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(saved.toFile(),
          MiniArch.class);
    }
    MiniArch d = MiniArch.defaults();
    return new MiniArch(d.height(), d.width(), d.styleDim(),
        synthChannels != null ? synthChannels : d.synthChannels(),
        encChannels != null ? encChannels : d.encChannels(),
        fpnChannels != null ? fpnChannels : d.fpnChannels(), d.coarseSlots(), d.mediumSlots());
  }

  private void train() throws Exception {
    MiniArch arch = arch();
    MiniTrainingOptions opt = new MiniTrainingOptions(steps, batch, lr, warmup,
        D.finalLrFraction(), maskRatio, maskPatch, D.wRec(), wGrad, wNoise, wAdv, photometric, seed,
        D.logEvery(), sampleEvery, D.checkpointEvery(), minutes);
    SynthDriveImages train = SynthDriveImages.codecTraining(arch.height(), arch.width());
    SynthDriveImages held = new SynthDriveImages(9_900_000L, monitor, arch.height(), arch.width());
    System.err.println("train-codec: " + arch);
    System.err.println("train-codec: " + opt);
    System.err.println("train-codec: data " + train.describe());
    if (threads != null) {
      // read by DJL when the engine starts, which is below
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Engine.getInstance().setRandomSeed((int) seed);
    try (NDManager m = NDManager.newBaseManager();
        MiniCodecNetwork net = new MiniCodecNetwork(arch, m)) {
      System.err.printf(Locale.ROOT, "train-codec: encoder %d parameters, synthesis %d%n",
          net.encoderParameterCount(), net.synthesisParameterCount());
      MiniCodecTrainer trainer = new MiniCodecTrainer(net, opt, train,
          held.range(9_900_000L, monitor), out, System.err);
      MiniCodecTrainer.Result r = trainer.run(resume);
      System.out.printf(Locale.ROOT,
          "trained %d steps in %.1f min, %.2f images/s, monitor PSNR %.2f dB%s -> %s%n",
          r.step(), r.elapsedSeconds() / 60, r.imagesPerSecond(), r.monitorPsnrDb(),
          r.stoppedByTimeBudget() ? " (time budget reached)" : "", out.resolve("weights.params"));
    }
  }
}
