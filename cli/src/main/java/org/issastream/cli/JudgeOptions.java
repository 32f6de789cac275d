package org.issastream.cli;

import java.nio.file.Path;
import org.issastream.trainer.judge.JudgeStore;

/** Judge-directory defaults shared by train-judges and eval-codec. */
final class JudgeOptions {
  private JudgeOptions() {}

  /** {@code $ISSA_JUDGES_DIR}, else {@code $XDG_CACHE_HOME/issa/judges/<version>}, else ~/.cache/... */
  static Path defaultDir() {
    String env = System.getenv("ISSA_JUDGES_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank()
        ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return JudgeStore.defaultDir(cache);
  }
}
