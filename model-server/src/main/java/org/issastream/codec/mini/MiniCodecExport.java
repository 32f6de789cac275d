package org.issastream.codec.mini;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.CodecManifest;

/**
 * Turns a finished training run directory into a codec directory loadable with {@link
 * CodecLoader#load}: {@code arch.json} + {@code weights.params} pinned by sha256 in {@code
 * manifest.json}, plus the run's {@code train-log.csv} and last sample grid for provenance.
 */
public final class MiniCodecExport {
  private MiniCodecExport() {}

  public static CodecManifest export(Path runDir, Path codecDir, String id, String version)
      throws IOException, CodecException {
    Path weights = runDir.resolve(DjlMiniBackend.WEIGHTS_FILE);
    if (!Files.isRegularFile(weights)) {
      throw new IOException("no " + weights + ": the run has not finished");
    }
    MiniArch arch = new ObjectMapper().readValue(
        runDir.resolve(DjlMiniBackend.ARCH_FILE).toFile(), MiniArch.class);
    Files.createDirectories(codecDir);
    Files.copy(weights, codecDir.resolve(DjlMiniBackend.WEIGHTS_FILE),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(runDir.resolve(DjlMiniBackend.ARCH_FILE),
        codecDir.resolve(DjlMiniBackend.ARCH_FILE), StandardCopyOption.REPLACE_EXISTING);
    for (String extra : new String[] {"train-log.csv", "options.json"}) {
      if (Files.exists(runDir.resolve(extra))) {
        Files.copy(runDir.resolve(extra), codecDir.resolve(extra),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path samples = runDir.resolve("samples");
    if (Files.isDirectory(samples)) {
      try (var s = Files.list(samples)) {
        Path last = s.filter(p -> p.toString().endsWith(".png")).sorted()
            .reduce((a, b) -> b).orElse(null);
        if (last != null) {
          Files.copy(last, codecDir.resolve("samples.png"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    CodecManifest m = DjlMiniBackend.manifestFor(arch, id, version, codecDir);
    Files.writeString(codecDir.resolve(CodecManifest.FILE_NAME), m.toJson(),
        StandardCharsets.UTF_8);
    return m;
  }
}
