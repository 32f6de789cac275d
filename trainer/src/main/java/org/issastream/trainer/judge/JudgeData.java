package org.issastream.trainer.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.Scene;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.trainer.nn.ImageSet;

/**
 * Real SynthDrive scenes for training and checking the judges. Scene i of a block starting at
 * {@code firstSeed} has layout seed {@code firstSeed + i}, condition {@code i mod 7} and place
 * {@code (i / 7) mod 4}: every block of 28 consecutive scenes covers every condition × place
 * once, and each seed is rendered under one condition only (no paired renders).
 *
 * <p>Project seed convention: codec training 1_000_000–1_999_999, judges 2_000_000–2_999_999
 * (training from {@link #TRAIN_SEED}, held-out checks from {@link #HELD_OUT_SEED}), held-out codec
 * evaluation 9_000_000+.
 */
public final class JudgeData {
  /** First layout seed of judge training. */
  public static final long TRAIN_SEED = 2_000_000L;
  /** First layout seed of the judges' own held-out check (disjoint from training). */
  public static final long HELD_OUT_SEED = 2_900_000L;

  private JudgeData() {}

  public static Condition condition(int i) {
    Condition[] cs = Condition.values();
    return cs[Math.floorMod(i, cs.length)];
  }

  public static Place place(int i) {
    Place[] ps = Place.values();
    return ps[Math.floorMod(i / Condition.values().length, ps.length)];
  }

  /**
   * Renders {@code count} labelled scenes at {@code height × 2·height} into an {@link ImageSet}
   * tagged with the condition ordinal, on {@code threads} threads (rendering is pure).
   *
   * @param progress called with the number of scenes done so far (may be null)
   */
  public static ImageSet render(long firstSeed, int count, int height, int threads,
      IntConsumer progress) throws InterruptedException {
    int width = 2 * height;
    Scene[] scenes = new Scene[count];
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "synthdrive-render");
      t.setDaemon(true);
      return t;
    });
    try {
      int chunk = 32;
      List<Future<?>> futures = new ArrayList<>();
      for (int from = 0; from < count; from += chunk) {
        int f = from;
        int to = Math.min(count, from + chunk);
        futures.add(pool.submit(() -> {
          for (int i = f; i < to; i++) {
            scenes[i] = SynthDrive.render(firstSeed + i, condition(i), place(i), width, height);
          }
        }));
      }
      int done = 0;
      for (Future<?> fu : futures) {
        fu.get();
        done = Math.min(count, done + chunk);
        if (progress != null) {
          progress.accept(done);
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("rendering failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    ImageSet set = new ImageSet(height, width);
    for (Scene s : scenes) {
      set.add(s.image(), s.label(), s.info().condition().ordinal());
    }
    return set;
  }
}
