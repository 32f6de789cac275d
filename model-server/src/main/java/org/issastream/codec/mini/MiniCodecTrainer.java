package org.issastream.codec.mini;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Joint training of the mini codec's encoder and synthesis as a style-based autoencoder with
 * masked noise (see docs/codec.md). Single-threaded: DJL allows one open gradient collector per
 * JVM.
 *
 * <p>Run directory layout: {@code train-log.csv} (one row per {@code logEvery} steps),
 * {@code checkpoint/} (weights, optimiser moments, step; {@link #run} resumes from it when
 * {@code resume} is set), {@code samples/step-NNNNN.png} (top rows: inputs and reconstructions of
 * the monitor images; below: content rows x style columns mixes) and {@code weights.params} +
 * {@code arch.json} at the end.
 */
public final class MiniCodecTrainer {
  static final String LOG_HEADER =
      "step,images,lr,loss,rec_mse,grad_l1,noise_l1,train_psnr_db,monitor_psnr_db,images_per_s,"
          + "elapsed_s,adv,critic_ce,critic_acc";

  private final MiniCodecNetwork net;
  private final MiniTrainingOptions opt;
  private final TrainingImages images;
  private final float[] monitor;
  private final int monitorCount;
  private final Path runDir;
  private final PrintStream progress;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Length of {@link #trainStep}'s result: the per-step values averaged into each log row. */
  private static final int STEP_VALUES = 7;
  private NoiseCritic critic;
  private Adam criticAdam;

  /**
   * @param monitor held-out images {@code [n,3,H,W]} for PSNR and sample grids (never trained on)
   */
  public MiniCodecTrainer(MiniCodecNetwork net, MiniTrainingOptions opt, TrainingImages images,
      float[] monitor, Path runDir, PrintStream progress) {
    this.net = net;
    this.opt = opt;
    this.images = images;
    this.monitor = monitor.clone();
    MiniArch a = net.arch();
    this.monitorCount = monitor.length / (3 * a.height() * a.width());
    this.runDir = runDir;
    this.progress = progress;
  }

  /** What a finished (or stopped) run reached. */
  public record Result(long step, double monitorPsnrDb, double imagesPerSecond,
      double elapsedSeconds, boolean stoppedByTimeBudget) {}

  public Result run(boolean resume) throws IOException {
    MiniArch a = net.arch();
    Files.createDirectories(runDir);
    Path ckpt = runDir.resolve("checkpoint");
    Path log = runDir.resolve("train-log.csv");
    NoiseMasking masking =
        new NoiseMasking(a.noiseHeight(), a.noiseWidth(), opt.maskPatch(), opt.maskRatio(), 4);
    Photometric photometric = new Photometric(opt.photometricProb());
    long step = 0;
    double priorElapsed = 0;
    boolean adversary = opt.wAdv() > 0 && images.conditionClasses() > 0;
    try (Adam adam = new Adam(net.parameters(), net.manager(), 0.9f, 0.99f, 1e-8f);
        NoiseCritic critic = adversary
            ? new NoiseCritic(a.noiseChannels(), images.conditionClasses(), net.manager()) : null;
        Adam criticAdam = adversary
            ? new Adam(critic.parameterList(), critic.manager(), 0.5f, 0.99f, 1e-8f) : null) {
      this.critic = critic;
      this.criticAdam = criticAdam;
      if (resume && Files.exists(ckpt.resolve("state.json"))) {
        var state = json.readTree(ckpt.resolve("state.json").toFile());
        step = state.get("step").asLong();
        priorElapsed = state.path("elapsed_s").asDouble(0);
        net.load(ckpt.resolve("weights.params"));
        try (InputStream is = Files.newInputStream(ckpt.resolve("optimizer.bin"))) {
          adam.load(is);
        }
        if (critic != null && Files.exists(ckpt.resolve("critic.params"))) {
          critic.load(ckpt.resolve("critic.params"));
          try (InputStream is = Files.newInputStream(ckpt.resolve("critic-optimizer.bin"))) {
            criticAdam.load(is);
          }
        }
        progress.printf("resumed from %s at step %d%n", ckpt, step);
      } else {
        Files.writeString(log, LOG_HEADER + "\n", StandardCharsets.UTF_8);
      }
      json.writeValue(runDir.resolve("arch.json").toFile(), a);
      json.writeValue(runDir.resolve("options.json").toFile(), opt);

      // t0 counts the time of earlier invocations too: the budget and schedule span the whole run
      long tStart = System.nanoTime();
      long t0 = tStart - (long) (priorElapsed * 1e9);
      long startStep = step;
      double lastPsnr = Double.NaN;
      double[] acc = new double[STEP_VALUES];
      int accN = 0;
      boolean outOfTime = false;
      int nonFinite = 0;
      while (step < opt.steps()) {
        double timeFraction = (System.nanoTime() - t0) / 60e9 / opt.maxMinutes();
        float lr = opt.lrAt(step, timeFraction);
        float[] data = images.batch(step, opt.batch());
        int[] cond = adversary ? images.conditions(step, opt.batch()) : null;
        Random rnd = new Random(opt.seed() * 1_000_003L + step);
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          float[] l = trainStep(data, cond, masking, photometric, rnd);
          if (Float.isFinite(l[0]) && !adam.gradientsFinite()) {
            // a finite loss with non-finite gradients is an engine fault (see docs/codec.md),
            // not divergence: recompute the step once
            adam.zeroGradients();
            progress.printf("%nstep %d: non-finite gradients with finite loss, recomputing%n",
                step);
            l = trainStep(data, cond, masking, photometric, rnd);
          }
          if (!Float.isFinite(l[0]) || !adam.gradientsFinite()) {
            adam.zeroGradients();
            if (++nonFinite > 20) {
              throw new IOException("training diverged: non-finite loss at step " + step);
            }
            progress.printf("%nstep %d: non-finite loss or gradients, update skipped%n", step);
            if (criticAdam != null) {
              criticAdam.zeroGradients();
            }
          } else {
            nonFinite = 0;
            adam.step(lr);
            if (criticAdam != null) {
              if (criticAdam.gradientsFinite()) {
                criticAdam.step(lr);
              } else {
                criticAdam.zeroGradients();
              }
            }
            for (int i = 0; i < l.length; i++) {
              acc[i] += l[i];
            }
            accN++;
          }
        }
        // a skipped step still counts: logs, checkpoints and samples keep their cadence
        step++;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        outOfTime = elapsed / 60.0 >= opt.maxMinutes();
        boolean last = step == opt.steps() || outOfTime;
        if (step % opt.logEvery() == 0 || last) {
          double ips = (step - startStep) * opt.batch() / ((System.nanoTime() - tStart) / 1e9);
          if (step % (opt.logEvery() * 5L) == 0 || last) {
            lastPsnr = monitorPsnr();
          }
          // every step of the window skipped (engine faults): the row says NaN rather than vanish
          double n = accN == 0 ? Double.NaN : accN;
          double mse = acc[1] / n;
          String row = String.format(Locale.ROOT,
              "%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.3f,%s,%.2f,%.1f,%.6g,%.6g,%.4f",
              step, step * opt.batch(), lr, acc[0] / n, mse, acc[2] / n, acc[3] / n,
              10 * Math.log10(4.0 / mse),
              Double.isNaN(lastPsnr) ? "" : String.format(Locale.ROOT, "%.3f", lastPsnr), ips,
              elapsed, acc[4] / n, acc[5] / n, acc[6] / n);
          Files.writeString(log, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
          progressBar(step, acc[0] / n, 10 * Math.log10(4.0 / mse), lastPsnr, ips, elapsed);
          acc = new double[STEP_VALUES];
          accN = 0;
        }
        if (step % opt.checkpointEvery() == 0 || last) {
          checkpoint(ckpt, adam, step, elapsed);
        }
        if ((opt.sampleEvery() > 0 && step % opt.sampleEvery() == 0) || last) {
          writeSamples(runDir.resolve("samples").resolve(String.format("step-%05d.png", step)));
        }
        if (outOfTime) {
          progress.printf("%nstopping: time budget of %.1f min reached at step %d%n",
              opt.maxMinutes(), step);
          break;
        }
      }
      progress.println();
      net.save(runDir.resolve("weights.params"));
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double thisRun = (System.nanoTime() - tStart) / 1e9;
      return new Result(step, monitorPsnr(),
          (step - startStep) * opt.batch() / Math.max(1e-9, thisRun), elapsed, outOfTime);
    }
  }

  /**
   * Forward, losses, backward; with the adversary also the critic's own backward (its gradients
   * from the adversarial term are discarded first). Returns {loss, masked mse, grad l1, noise l1,
   * adversarial term, critic cross-entropy, critic accuracy}.
   */
  float[] trainStep(float[] data, int[] cond, NoiseMasking masking, Photometric photometric,
      Random rnd) {
    MiniArch a = net.arch();
    int b = opt.batch();
    NDManager mg = net.manager();
    NDArray x = mg.create(data, new Shape(b, 3, a.height(), a.width()));
    boolean jitter = opt.photometricProb() > 0;
    float[][][][] keep = masking.draw(b, 2, rnd);
    NDArray k1 = masking.toArray(mg, keep[0]);
    NDArray k2 = masking.toArray(mg, keep[1]);
    NDArray pk = masking.pixelKeep(k1, k2);
    float[] out;
    NDArray d1 = null;
    NDArray d2 = null;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray encIn = jitter ? x.concat(photometric.apply(x, rnd), 0) : x;
      NDList e = net.encode(encIn, true);
      NDArray w = jitter ? e.get(0).get("0:{}", b) : e.get(0);
      NDArray n1 = jitter ? e.get(1).get("{}:", b) : e.get(1);
      NDArray n2 = jitter ? e.get(2).get("{}:", b) : e.get(2);
      NDArray y = net.synthesize(w, NoiseMasking.apply(n1, k1, mg),
          NoiseMasking.apply(n2, k2, mg), true);
      NDArray diff = y.sub(x);
      NDArray rec = diff.square().mul(pk).sum().div(pk.sum().mul(3f));
      NDArray grad = gradientL1(y, x, pk);
      NDArray nl1 = n1.abs().mean().add(n2.abs().mean()).mul(0.5f);
      NDArray loss = rec.mul(opt.wRec()).add(grad.mul(opt.wGrad())).add(nl1.mul(opt.wNoiseL1()));
      NDArray adv = null;
      if (critic != null) {
        // cross-entropy of the critic's prediction against the uniform distribution: lowest when
        // the noise maps say nothing about the condition
        adv = critic.logits(n1, n2, true).logSoftmax(1).mean().neg();
        loss = loss.add(adv.mul(opt.wAdv()));
      }
      gc.backward(loss);
      out = new float[] {loss.getFloat(), rec.getFloat(), grad.getFloat(), nl1.getFloat(),
          adv == null ? 0f : adv.getFloat(), 0f, 0f};
      if (critic != null) {
        d1 = n1.stopGradient();
        d2 = n2.stopGradient();
      }
    }
    if (critic != null) {
      // one gradient collector at a time: the critic's step follows the codec's
      criticStep(d1, d2, cond, out);
    }
    return out;
  }

  /** The critic's own step: cross-entropy against the true conditions on detached noise. */
  private void criticStep(NDArray n1, NDArray n2, int[] cond, float[] out) {
    criticAdam.zeroGradients();
    NDManager mg = net.manager();
    long[] labels = java.util.Arrays.stream(cond).asLongStream().toArray();
    NDArray oneHot = mg.create(labels).oneHot(critic.classes()).toType(
        ai.djl.ndarray.types.DataType.FLOAT32, false);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray logits = critic.logits(n1, n2, true);
      NDArray ce = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
      gc.backward(ce);
      out[5] = ce.getFloat();
      out[6] = logits.argMax(1).eq(mg.create(labels))
          .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean().getFloat();
    }
  }

  /** Masked mean L1 distance between horizontal and vertical finite differences. */
  static NDArray gradientL1(NDArray y, NDArray x, NDArray pk) {
    NDArray dyx = y.get(":, :, :, 1:").sub(y.get(":, :, :, :-1"));
    NDArray dxx = x.get(":, :, :, 1:").sub(x.get(":, :, :, :-1"));
    NDArray mx = pk.get(":, :, :, 1:").mul(pk.get(":, :, :, :-1"));
    NDArray dyy = y.get(":, :, 1:, :").sub(y.get(":, :, :-1, :"));
    NDArray dxy = x.get(":, :, 1:, :").sub(x.get(":, :, :-1, :"));
    NDArray my = pk.get(":, :, 1:, :").mul(pk.get(":, :, :-1, :"));
    NDArray h = dyx.sub(dxx).abs().mul(mx).sum().div(mx.sum().mul(3f).add(1f));
    NDArray v = dyy.sub(dxy).abs().mul(my).sum().div(my.sum().mul(3f).add(1f));
    return h.add(v).mul(0.5f);
  }

  /** Mean per-image PSNR (dB, images in [-1,1], output clamped) of G(E(x)) on the monitor set. */
  public double monitorPsnr() {
    MiniArch a = net.arch();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray x = net.manager().create(monitor,
          new Shape(monitorCount, 3, a.height(), a.width()));
      NDList e = net.encode(x, false);
      NDArray y = net.synthesize(e.get(0), e.get(1), e.get(2), false).clip(-1f, 1f);
      float[] mse = Ops.mean(y.sub(x).square(), new int[] {1, 2, 3}, false).toFloatArray();
      double s = 0;
      for (float m : mse) {
        s += 10 * Math.log10(4.0 / Math.max(m, 1e-10));
      }
      return s / mse.length;
    }
  }

  private void checkpoint(Path ckpt, Adam adam, long step, double elapsed) throws IOException {
    Files.createDirectories(ckpt);
    net.save(ckpt.resolve("weights.params"));
    Path tmp = ckpt.resolve("optimizer.bin.tmp");
    try (OutputStream os = Files.newOutputStream(tmp)) {
      adam.save(os);
    }
    Files.move(tmp, ckpt.resolve("optimizer.bin"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if (critic != null) {
      critic.save(ckpt.resolve("critic.params"));
      try (OutputStream os = Files.newOutputStream(ckpt.resolve("critic-optimizer.bin"))) {
        criticAdam.save(os);
      }
    }
    json.writeValue(ckpt.resolve("state.json").toFile(), Map.of("step", step, "elapsed_s", elapsed));
  }

  /** Reconstructions of up to 8 monitor images, then a 4 x 4 content x style mixing grid. */
  void writeSamples(Path file) throws IOException {
    MiniArch a = net.arch();
    int n = Math.min(8, monitorCount);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray x = net.manager().create(monitor,
          new Shape(monitorCount, 3, a.height(), a.width())).get("0:{}", n);
      NDList e = net.encode(x, false);
      NDArray rec = net.synthesize(e.get(0), e.get(1), e.get(2), false);
      List<List<float[]>> rows = new ArrayList<>();
      List<float[]> inRow = new ArrayList<>();
      List<float[]> recRow = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        inRow.add(x.get(i).toFloatArray());
        recRow.add(rec.get(i).toFloatArray());
      }
      rows.add(inRow);
      rows.add(recRow);
      int m = Math.min(4, n);
      List<float[]> header = new ArrayList<>();
      header.add(null);
      for (int s = 0; s < m; s++) {
        header.add(x.get(s).toFloatArray());
      }
      rows.add(header);
      for (int c = 0; c < m; c++) {
        NDArray wStyle = e.get(0).get("0:{}", m);
        NDArray n1 = e.get(1).get("{}:{}", c, c + 1).repeat(0, m);
        NDArray n2 = e.get(2).get("{}:{}", c, c + 1).repeat(0, m);
        NDArray mix = net.synthesize(wStyle, n1, n2, false);
        List<float[]> row = new ArrayList<>();
        row.add(x.get(c).toFloatArray());
        for (int s = 0; s < m; s++) {
          row.add(mix.get(s).toFloatArray());
        }
        rows.add(row);
      }
      SampleGrid.write(file, rows, a.height(), a.width());
    }
  }

  private void progressBar(long step, double loss, double trainPsnr, double monPsnr, double ips,
      double elapsed) {
    int width = 30;
    int filled = (int) (width * step / opt.steps());
    double perStep = elapsed / Math.max(1, step);
    double eta = Math.min((opt.steps() - step) * perStep, opt.maxMinutes() * 60 - elapsed);
    progress.printf(Locale.ROOT,
        "\r[%s%s] step %d/%d loss %.4f psnr(train) %.2f dB psnr(monitor) %s %.1f img/s "
            + "elapsed %s eta %s   ",
        "#".repeat(filled), ".".repeat(width - filled), step, opt.steps(), loss, trainPsnr,
        Double.isNaN(monPsnr) ? "-" : String.format(Locale.ROOT, "%.2f dB", monPsnr), ips,
        mmss(elapsed), mmss(eta));
    progress.flush();
  }

  private static String mmss(double s) {
    long t = Math.round(s);
    return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
  }
}
