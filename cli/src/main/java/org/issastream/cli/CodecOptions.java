package org.issastream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecLoader;
import picocli.CommandLine.Option;

/** {@code --codec DIR --device cpu|gpu[:N]}, shared by the commands that load a codec. */
final class CodecOptions {
  @Option(names = "--codec", paramLabel = "DIR",
      description = "Codec directory (manifest.json + pinned files). Default: $ISSA_CODEC_DIR, else the bundled mini codec once it ships.")
  Path codec;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  Codec load() throws CodecException {
    Path dir = codec;
    if (dir == null) {
      String env = System.getenv("ISSA_CODEC_DIR");
      if (env != null && !env.isBlank()) {
        dir = Path.of(env);
      }
    }
    if (dir == null) {
      throw new CodecException("no codec given: pass --codec DIR (a directory with manifest.json) or set ISSA_CODEC_DIR");
    }
    if (!Files.isDirectory(dir)) {
      throw new CodecException("codec directory " + dir + " does not exist");
    }
    return CodecLoader.load(dir, device);
  }
}
