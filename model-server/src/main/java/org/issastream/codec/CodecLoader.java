package org.issastream.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.issastream.codec.spi.CodecBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a codec directory: reads {@code manifest.json}, verifies the sha256 of every pinned file,
 * refuses model or code files the manifest does not pin (TorchScript is code), then hands the
 * manifest to the {@link CodecBackend} named by {@code manifest.backend}.
 *
 * <p>Files that are neither pinned nor model/code-like (a README, a training log) may sit in the
 * directory; backends never open them, because they resolve files only through {@link #pinnedFile}.
 */
public final class CodecLoader {
  private static final Logger LOG = LoggerFactory.getLogger(CodecLoader.class);
  private static final Pattern DEVICE = Pattern.compile("cpu|gpu(:\\d+)?");
  /** Extensions of files that carry weights or executable code: never present unless pinned. */
  static final Set<String> MODEL_EXTENSIONS = Set.of(
      "pt", "pth", "ts", "torchscript", "ckpt", "pkl", "pickle", "params", "bin", "onnx", "safetensors",
      "npy", "npz", "zip", "jar", "class", "so", "dll", "dylib", "py");

  private CodecLoader() {}

  /** Loads with backends from the context class loader. */
  public static Codec load(Path dir, String device) throws CodecException {
    return load(dir, device, Thread.currentThread().getContextClassLoader());
  }

  public static Codec load(Path dir, String device, ClassLoader classLoader) throws CodecException {
    if (device == null || !DEVICE.matcher(device).matches()) {
      throw new CodecException("device must be cpu, gpu or gpu:N, got '" + device + "'");
    }
    CodecManifest manifest = verify(dir);
    CodecBackend backend = backend(manifest.backend(), classLoader);
    long t0 = System.nanoTime();
    Codec codec = backend.open(manifest, dir, device);
    LOG.info("loaded {} from {} on {} in {} ms", manifest, dir, device, (System.nanoTime() - t0) / 1_000_000);
    return codec;
  }

  /** Reads the manifest and checks the directory against it, without loading any backend. */
  public static CodecManifest verify(Path dir) throws CodecException {
    CodecManifest manifest = readManifest(dir);
    for (var e : manifest.files().entrySet()) {
      Path f = pinnedFile(manifest, dir, e.getKey());
      String actual = sha256(f);
      if (!actual.equals(e.getValue())) {
        throw new CodecMismatchException("sha256 of " + f + " is " + actual + " but manifest " + manifest.id()
            + " pins " + e.getValue() + "; refusing to load a modified file");
      }
    }
    List<String> unpinned = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(CodecManifest.FILE_NAME) && !manifest.files().containsKey(n))
          .filter(CodecLoader::isModelLike)
          .sorted()
          .forEach(unpinned::add);
    } catch (IOException e) {
      throw new CodecException("cannot list codec directory " + dir, e);
    }
    if (!unpinned.isEmpty()) {
      throw new CodecMismatchException("codec directory " + dir + " holds model/code files the manifest does not pin: "
          + unpinned + "; pin them in manifest.json 'files' (with sha256) or remove them");
    }
    return manifest;
  }

  public static CodecManifest readManifest(Path dir) throws CodecException {
    Path mf = dir.resolve(CodecManifest.FILE_NAME);
    try {
      return CodecManifest.parse(Files.readString(mf, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new CodecException("no " + CodecManifest.FILE_NAME + " in codec directory " + dir.toAbsolutePath());
    } catch (IOException e) {
      throw new CodecException("cannot read " + mf, e);
    } catch (CodecMismatchException e) {
      throw new CodecMismatchException(mf + ": " + e.getMessage());
    }
  }

  /**
   * The path of a pinned file; the only way a backend should name a file of its directory.
   *
   * @throws CodecMismatchException if the manifest does not pin {@code name}, or the file resolves
   *     outside {@code dir} (e.g. through a symbolic link)
   */
  public static Path pinnedFile(CodecManifest manifest, Path dir, String name) throws CodecException {
    if (!manifest.files().containsKey(name)) {
      throw new CodecMismatchException("file '" + name + "' is not pinned by manifest " + manifest.id()
          + " (pinned: " + manifest.files().keySet() + ")");
    }
    try {
      Path real = dir.resolve(name).toRealPath();
      if (!real.startsWith(dir.toRealPath())) {
        throw new CodecMismatchException("pinned file '" + name + "' resolves outside the codec directory: " + real);
      }
      if (!Files.isRegularFile(real)) {
        throw new CodecMismatchException("pinned file '" + name + "' is not a regular file");
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new CodecMismatchException("pinned file '" + name + "' is missing from " + dir.toAbsolutePath());
    } catch (IOException e) {
      throw new CodecException("cannot resolve " + name + " in " + dir, e);
    }
  }

  /** Backends on the class path by name (sorted). */
  public static TreeMap<String, CodecBackend> backends(ClassLoader classLoader) {
    TreeMap<String, CodecBackend> out = new TreeMap<>();
    for (CodecBackend b : ServiceLoader.load(CodecBackend.class, classLoader)) {
      out.putIfAbsent(b.name(), b);
    }
    return out;
  }

  static CodecBackend backend(String name, ClassLoader classLoader) throws CodecException {
    TreeMap<String, CodecBackend> all = backends(classLoader);
    CodecBackend b = all.get(name);
    if (b == null) {
      throw new CodecException("no codec backend '" + name + "' on the class path (available: " + all.keySet() + ")");
    }
    return b;
  }

  static boolean isModelLike(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot >= 0 && MODEL_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Lower-case hex sha256 of a file's bytes. */
  public static String sha256(Path file) throws CodecException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new CodecException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }
}
