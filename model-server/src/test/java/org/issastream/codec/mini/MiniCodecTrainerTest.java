package org.issastream.codec.mini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.CodecMismatchException;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniCodecTrainerTest {

  private static MiniTrainingOptions options(int steps) {
    return new MiniTrainingOptions(steps, 2, 2e-3f, 1, 0.1f, 0.25, 2, 1f, 1f, 0.01f, 0.1f, 0.5, 3L, 2,
        0, 2, 10);
  }

  private static MiniCodecTrainer.Result train(Path run, int steps, boolean resume)
      throws Exception {
    MiniArch a = TinyArch.get();
    SynthDriveImages data = new SynthDriveImages(1_000_000L, 50, a.height(), a.width());
    float[] monitor = new SynthDriveImages(9_900_000L, 2, a.height(), a.width())
        .range(9_900_000L, 2);
    Engine.getInstance().setRandomSeed(3);
    try (NDManager m = NDManager.newBaseManager();
        MiniCodecNetwork net = new MiniCodecNetwork(a, m)) {
      PrintStream progress = new PrintStream(new ByteArrayOutputStream());
      return new MiniCodecTrainer(net, options(steps), data, monitor, run, progress).run(resume);
    }
  }

  @Test
  void trainsChecksPointsResumesAndExportsALoadableCodec(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    MiniCodecTrainer.Result first = train(run, 4, false);
    assertEquals(4, first.step());
    assertTrue(Double.isFinite(first.monitorPsnrDb()) && first.monitorPsnrDb() > 0,
        "monitor PSNR " + first + "\n" + Files.readString(run.resolve("train-log.csv")));
    List<String> log = Files.readAllLines(run.resolve("train-log.csv"));
    assertEquals(MiniCodecTrainer.LOG_HEADER, log.get(0));
    assertEquals(3, log.size(), "header + rows at steps 2 and 4");
    assertTrue(log.get(2).startsWith("4,8,"));
    assertTrue(Files.exists(run.resolve("checkpoint/weights.params")));
    // the options switch the noise critic on: it is checkpointed and logs a finite cross-entropy
    assertTrue(Files.exists(run.resolve("checkpoint/critic.params")));
    // (a row is NaN only if every step of its window hit the engine's sporadic NaN gradients)
    double criticCe = log.stream().skip(1).map(r -> r.split(","))
        .mapToDouble(r -> Double.parseDouble(r[r.length - 2])).filter(Double::isFinite)
        .findFirst().orElse(Double.NaN);
    assertTrue(criticCe > 0 && criticCe < 10, "critic cross-entropy " + criticCe + "\n" + log);
    assertTrue(Files.exists(run.resolve("samples/step-00004.png")));

    MiniCodecTrainer.Result resumed = train(run, 6, true);
    assertEquals(6, resumed.step());
    log = Files.readAllLines(run.resolve("train-log.csv"));
    assertEquals(4, log.size(), "resume appends: " + log);
    assertTrue(log.get(3).startsWith("6,12,"));

    Path codecDir = tmp.resolve("codec");
    CodecManifest mf = MiniCodecExport.export(run, codecDir, "mini-test", "0.0.1");
    assertEquals(DjlMiniBackend.NAME, mf.backend());
    assertEquals(2, mf.files().size());
    try (Codec codec = CodecLoader.load(codecDir, "cpu")) {
      MiniArch a = TinyArch.get();
      List<RgbImage> imgs = List.of(
          SynthDrive.render(9_000_001L, Condition.NIGHT, Place.values()[0], a.width(), a.height())
              .image(),
          SynthDrive.render(9_000_002L, Condition.FOG, Place.values()[1], a.width(), a.height())
              .image());
      Latents lat = codec.invert(imgs);
      assertEquals(2, lat.size());
      assertEquals(a.numSlots(), lat.styles(0).numStyles());
      assertArrayEquals(new int[] {a.noiseChannels(), a.height() / 4, a.width() / 4},
          lat.noise(0).shape(0));
      List<RgbImage> rec = codec.synthesize(lat);
      assertEquals(a.width(), rec.get(0).width());
      assertEquals(rec, codec.reconstruct(imgs), "deterministic");
      List<RgbImage> mixed = codec.mix(lat, List.of(lat.styles(1), lat.styles(0)),
          MixPolicy.defaults());
      assertEquals(2, mixed.size());
    }
    // a modified weights file is refused
    Files.write(codecDir.resolve("weights.params"), new byte[] {1, 2, 3},
        java.nio.file.StandardOpenOption.APPEND);
    assertThrows(CodecMismatchException.class, () -> CodecLoader.load(codecDir, "cpu"));
  }

  @Test
  void aStepWithNonFiniteLossIsSkippedWithoutLosingTheLogCadence(@TempDir Path tmp)
      throws Exception {
    MiniArch a = TinyArch.get();
    SynthDriveImages real = new SynthDriveImages(1_000_000L, 50, a.height(), a.width());
    // step 1 (0-based) gets NaN pixels: its loss is NaN on both attempts, so it must be skipped
    TrainingImages poisoned = new TrainingImages() {
      @Override
      public float[] batch(long step, int batch) {
        float[] b = real.batch(step, batch);
        if (step == 1) {
          java.util.Arrays.fill(b, Float.NaN);
        }
        return b;
      }

      @Override
      public String describe() {
        return "poisoned at step 1";
      }
    };
    float[] monitor = new SynthDriveImages(9_900_000L, 2, a.height(), a.width())
        .range(9_900_000L, 2);
    Engine.getInstance().setRandomSeed(3);
    Path run = tmp.resolve("run");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (NDManager m = NDManager.newBaseManager();
        MiniCodecNetwork net = new MiniCodecNetwork(a, m)) {
      MiniCodecTrainer.Result r = new MiniCodecTrainer(net, options(4), poisoned, monitor, run,
          new PrintStream(out)).run(false);
      assertEquals(4, r.step());
      assertTrue(Double.isFinite(r.monitorPsnrDb()), "weights not poisoned: " + r);
    }
    assertTrue(out.toString().contains("step 1: non-finite loss or gradients, update skipped"),
        out.toString());
    List<String> log = Files.readAllLines(run.resolve("train-log.csv"));
    assertEquals(3, log.size(), "rows at steps 2 and 4 despite the skip: " + log);
    assertTrue(log.get(1).startsWith("2,4,"), log.get(1));
    double loss = Double.parseDouble(log.get(1).split(",")[3]);
    assertTrue(Double.isFinite(loss), "the window's other step is logged: " + log.get(1));
  }

  @Test
  void learningRateWarmsUpThenFollowsTheCosineOverStepsOrTime() {
    MiniTrainingOptions o = new MiniTrainingOptions(100, 2, 1f, 10, 0.1f, 0.25, 2, 1, 1, 0, 0, 0, 1,
        1, 0, 1, 10);
    assertEquals(0.1f, o.lrAt(0, 0), 1e-6);
    assertEquals(1f, o.lrAt(9, 0), 1e-6);
    assertEquals(1f, o.lrAt(10, 0), 1e-6);
    assertEquals(0.55f, o.lrAt(55, 0), 1e-3);
    assertEquals(0.1f, o.lrAt(100, 0), 1e-6);
    // half the time used at step 10: the schedule is half way
    assertEquals(0.55f, o.lrAt(10, 0.5), 1e-3);
  }
}
