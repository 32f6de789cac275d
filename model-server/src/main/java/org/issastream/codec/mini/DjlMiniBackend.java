package org.issastream.codec.mini;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.CodecMismatchException;
import org.issastream.codec.spi.CodecBackend;

/**
 * Backend {@value #NAME}: the built-in mini codec, two pinned files: {@code arch.json} (a {@link
 * MiniArch}) and {@code weights.params} (DJL parameters of encoder then synthesis).
 */
public final class DjlMiniBackend implements CodecBackend {
  public static final String NAME = "djl-mini";
  static final String ARCH_FILE = "arch.json";
  static final String WEIGHTS_FILE = "weights.params";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Codec open(CodecManifest manifest, Path dir, String device) throws CodecException {
    Path archFile = CodecLoader.pinnedFile(manifest, dir, manifest.property("arch", ARCH_FILE));
    Path weights = CodecLoader.pinnedFile(manifest, dir, manifest.property("weights", WEIGHTS_FILE));
    MiniArch arch;
    try {
      arch = new ObjectMapper().readValue(archFile.toFile(), MiniArch.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new CodecMismatchException("invalid " + archFile + ": " + e.getMessage());
    }
    checkAgainst(manifest, arch);
    Device dev = device.startsWith("gpu")
        ? Device.gpu(device.contains(":") ? Integer.parseInt(device.substring(4)) : 0)
        : Device.cpu();
    NDManager manager = NDManager.newBaseManager(dev);
    MiniCodecNetwork net = null;
    try {
      net = new MiniCodecNetwork(arch, manager);
      net.load(weights);
      return new MiniCodec(manifest, manager, net);
    } catch (IOException | RuntimeException e) {
      if (net != null) {
        net.close();
      }
      manager.close();
      throw new CodecException("cannot load mini codec weights " + weights + ": " + e.getMessage(),
          e);
    }
  }

  /** The manifest's shapes must be exactly those the architecture produces. */
  static void checkAgainst(CodecManifest m, MiniArch a) throws CodecMismatchException {
    int[] noise = {a.noiseChannels(), a.noiseHeight(), a.noiseWidth()};
    List<int[]> ns = m.noiseShapes();
    boolean ok = m.height() == a.height() && m.width() == a.width()
        && m.numStyles() == a.numSlots() && m.styleDim() == a.styleDim() && ns.size() == 2
        && Arrays.equals(ns.get(0), noise) && Arrays.equals(ns.get(1), noise);
    if (!ok) {
      throw new CodecMismatchException("manifest " + m + " does not match the architecture " + a);
    }
  }

  /** A manifest for a mini codec directory holding {@code arch.json} and {@code weights.params}. */
  public static CodecManifest manifestFor(MiniArch a, String id, String version, Path dir)
      throws CodecException {
    int[] slots = new int[a.numSlots()];
    Arrays.setAll(slots, i -> i);
    return CodecManifest.builder().id(id).version(version).backend(NAME)
        .imageSize(a.height(), a.width()).styles(a.numSlots(), a.styleDim())
        .addNoiseShape(a.noiseChannels(), a.noiseHeight(), a.noiseWidth())
        .addNoiseShape(a.noiseChannels(), a.noiseHeight(), a.noiseWidth())
        .normalisation(org.issastream.codec.PixelNormalisation.MINUS_ONE_TO_ONE)
        .defaultMixSlots(slots)
        .file(ARCH_FILE, CodecLoader.sha256(dir.resolve(ARCH_FILE)))
        .file(WEIGHTS_FILE, CodecLoader.sha256(dir.resolve(WEIGHTS_FILE)))
        .property("arch", ARCH_FILE).property("weights", WEIGHTS_FILE)
        .build();
  }
}
