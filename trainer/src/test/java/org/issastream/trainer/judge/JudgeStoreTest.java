package org.issastream.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.issastream.trainer.TrainerException;
import org.issastream.trainer.nn.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training into a cache directory, reloading from it, and refusing tampered weights. */
class JudgeStoreTest {

  @Test
  void trainsWhenMissingThenLoadsFromCacheAndChecksDigests(@TempDir Path tmp) throws Exception {
    // a tiny recipe: 32x64 images, a few steps; the pipeline, not the quality, is under test
    JudgeConfig tiny = new JudgeConfig(Map.of(
        JudgeConfig.HEIGHT, "32", JudgeConfig.TRAIN_IMAGES, "28", JudgeConfig.HELD_OUT_IMAGES, "14",
        JudgeConfig.SEG_STEPS, "3", JudgeConfig.SEG_BATCH, "4",
        JudgeConfig.CLS_STEPS, "3", JudgeConfig.CLS_BATCH, "4", JudgeConfig.RENDER_THREADS, "2"));
    Path dir = tmp.resolve("judges");
    StringBuilder log = new StringBuilder();
    JudgeTrainer.Listener listener = new JudgeTrainer.Listener() {
      @Override
      public void phase(String message) {
        log.append(message).append('\n');
      }
    };
    ImageSet probe = JudgeData.render(9_700_000L, 4, 32, 1, null);
    int[] idx = {0, 1, 2, 3};
    int[][] segBefore;
    int[] clsBefore;
    JudgeStore.Obtained first = JudgeStore.obtain(dir, false, tiny, listener);
    try (Judges j = first.judges()) {
      assertEquals(JudgeStore.Source.TRAINED, first.source());
      assertTrue(log.toString().contains("training the oracle segmenter"), log.toString());
      JudgeManifest.HeldOut h = j.manifest().heldOut();
      assertEquals(14, h.images());
      assertEquals(14, java.util.Arrays.stream(h.confusion()).flatMapToLong(java.util.Arrays::stream).sum());
      assertTrue(h.miou() >= 0 && h.miou() <= 1);
      assertEquals(32, j.height());
      assertEquals(64, j.width());
      segBefore = j.segmenter().predict(probe, idx);
      clsBefore = j.classifier().predict(probe, idx);
    }
    assertTrue(Files.isRegularFile(dir.resolve(JudgeManifest.FILE_NAME)));

    JudgeStore.Obtained second = JudgeStore.obtain(dir, false, tiny, listener);
    try (Judges j = second.judges()) {
      assertEquals(JudgeStore.Source.DIRECTORY, second.source());
      assertArrayEquals(clsBefore, j.classifier().predict(probe, idx));
      int[][] seg = j.segmenter().predict(probe, idx);
      for (int i = 0; i < idx.length; i++) {
        assertArrayEquals(segBefore[i], seg[i]);
      }
      assertTrue(j.manifest().training().containsKey("segmenter_cpu_seconds"));
    }

    Path weights = dir.resolve("classifier.params");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 1;
    Files.write(weights, bytes);
    TrainerException e = assertThrows(TrainerException.class, () -> Judges.load(dir));
    assertTrue(e.getMessage().contains("sha256"), e.getMessage());
  }
}
