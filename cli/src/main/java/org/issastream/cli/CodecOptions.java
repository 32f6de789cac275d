package org.issastream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecLoader;
import picocli.CommandLine.Option;

/** {@code --codec DIR --device cpu|gpu[:N]}, shared by the commands that load a codec. */
final class CodecOptions {
  /** The bundled mini codec, relative to the repository (the launcher passes it as {@code issa.home}). */
  static final Path BUNDLED = Path.of("models", "mini-codec-v2");

  @Option(names = "--codec", paramLabel = "DIR",
      description = "Codec directory (manifest.json + pinned files). Default: $ISSA_CODEC_DIR, else the bundled "
          + "mini codec (models/mini-codec-v2).")
  Path codec;

  @Option(names = "--device", description = "cpu, gpu or gpu:N (default: cpu).")
  String device;

  /** The codec directory: --codec, else $ISSA_CODEC_DIR, else the bundled one; null when none exists. */
  Path directory() {
    if (codec != null) {
      return codec;
    }
    String env = System.getenv("ISSA_CODEC_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return bundled();
  }

  /** {@code <issa.home>/models/mini-codec-v2}, or the same below the working directory or its parents. */
  static Path bundled() {
    String home = System.getProperty("issa.home");
    if (home != null && Files.isRegularFile(Path.of(home).resolve(BUNDLED).resolve("manifest.json"))) {
      return Path.of(home).resolve(BUNDLED);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(BUNDLED).resolve("manifest.json"))) {
        return d.resolve(BUNDLED);
      }
    }
    return null;
  }

  Codec load() throws CodecException {
    return load(null, null);
  }

  /**
   * Loads the codec; {@code configDir} and {@code configDevice} (a service's config keys, may be
   * null or blank) apply where the command line gave no {@code --codec} / {@code --device}.
   */
  Codec load(String configDir, String configDevice) throws CodecException {
    Path dir = codec == null && configDir != null && !configDir.isBlank() ? Path.of(configDir) : directory();
    if (dir == null) {
      throw new CodecException("no codec given and no bundled codec found: pass --codec DIR (a directory with "
          + "manifest.json) or set ISSA_CODEC_DIR");
    }
    if (!Files.isDirectory(dir)) {
      throw new CodecException("codec directory " + dir + " does not exist");
    }
    String dev = device != null ? device
        : configDevice != null && !configDevice.isBlank() ? configDevice : "cpu";
    return CodecLoader.load(dir, dev);
  }
}
