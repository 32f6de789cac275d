package org.issastream.trainer.judge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.issastream.trainer.TrainerException;

/**
 * Where judges come from, in order: an existing judge directory (the cache, or one given
 * explicitly) with a manifest of the current {@link JudgeManifest#VERSION}; else the judges
 * shipped on the classpath; else they are trained (≈ 10 min on 2 cores) and saved into the
 * directory for next time.
 */
public final class JudgeStore {
  private JudgeStore() {}

  /** {@code ~/.cache/issa/judges/<version>} (honours {@code XDG_CACHE_HOME} via the caller). */
  public static Path defaultDir(Path cacheHome) {
    return cacheHome.resolve("issa").resolve("judges").resolve(JudgeManifest.VERSION);
  }

  /** How {@link #obtain} got its judges. */
  public enum Source { DIRECTORY, BUNDLED, TRAINED }

  /** Judges plus where they came from. */
  public record Obtained(Judges judges, Source source, String where) {}

  /**
   * Loads or trains judges.
   *
   * @param dir judge directory (cache); null to skip it
   * @param useBundled whether the shipped judges may be used when {@code dir} has none
   */
  public static Obtained obtain(Path dir, boolean useBundled, JudgeConfig config,
      JudgeTrainer.Listener listener) throws TrainerException, InterruptedException {
    if (dir != null && Files.isRegularFile(dir.resolve(JudgeManifest.FILE_NAME))) {
      return new Obtained(Judges.load(dir), Source.DIRECTORY, dir.toString());
    }
    if (useBundled && Judges.bundledAvailable()) {
      return new Obtained(Judges.loadBundled(), Source.BUNDLED, "classpath:" + Judges.BUNDLED);
    }
    if (dir == null) {
      throw new TrainerException("no judges: none bundled and no directory to train into");
    }
    Judges trained = new JudgeTrainer(config, listener).train();
    try {
      trained.save(dir);
    } catch (IOException e) {
      trained.close();
      throw new TrainerException("cannot save trained judges to " + dir + ": " + e.getMessage(),
          e);
    }
    return new Obtained(trained, Source.TRAINED, dir.toString());
  }
}
