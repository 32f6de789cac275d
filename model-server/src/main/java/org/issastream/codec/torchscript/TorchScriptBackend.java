package org.issastream.codec.torchscript;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import java.nio.file.Path;
import java.util.List;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.CodecMismatchException;
import org.issastream.codec.spi.CodecBackend;
import org.issastream.synthdrive.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend {@code torchscript}: {@code encoder.pt} + {@code synthesis.pt} (names overridable with the
 * manifest properties {@code encoder} and {@code synthesis}) run by DJL's PyTorch engine.
 *
 * <p>Device {@code cpu} uses the libtorch of the {@code pytorch-native-cpu} jar; {@code gpu[:N]}
 * needs a CUDA libtorch given by the environment variable {@code PYTORCH_LIBRARY_PATH} (never set
 * {@code PYTORCH_VERSION}: DJL would try to download). Intra-op threads: system property {@code
 * ai.djl.pytorch.num_threads}, read when the engine starts.
 *
 * <p>Unless the manifest property {@code verifyOnLoad} is {@code false}, opening runs one mid-grey
 * image through encoder and synthesis, so shapes that disagree with the manifest fail at load.
 */
public final class TorchScriptBackend implements CodecBackend {
  public static final String NAME = "torchscript";
  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptBackend.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Codec open(CodecManifest manifest, Path dir, String device) throws CodecException {
    Device dev = device(device);
    Path encFile = CodecLoader.pinnedFile(manifest, dir, manifest.property("encoder", "encoder.pt"));
    Path synFile = CodecLoader.pinnedFile(manifest, dir, manifest.property("synthesis", "synthesis.pt"));
    ScriptModule enc = new ScriptModule(manifest.id() + "-encoder", encFile, dev, List.of());
    ScriptModule syn;
    try {
      syn = new ScriptModule(manifest.id() + "-synthesis", synFile, dev, TorchScriptCodec.SYNTHESIS_OUTPUT_AXES);
    } catch (CodecException e) {
      enc.close();
      throw e;
    }
    TorchScriptCodec codec = new TorchScriptCodec(manifest, enc, syn, dev);
    if (Boolean.parseBoolean(manifest.property("verifyOnLoad", "true"))) {
      try {
        verify(codec);
      } catch (CodecException | RuntimeException e) {
        codec.close();
        throw e;
      }
    }
    return codec;
  }

  private static void verify(TorchScriptCodec codec) throws CodecException {
    CodecManifest m = codec.manifest();
    byte[] grey = new byte[m.width() * m.height() * 3];
    java.util.Arrays.fill(grey, (byte) 128);
    List<RgbImage> out = codec.reconstruct(List.of(RgbImage.wrap(m.width(), m.height(), grey)));
    if (out.size() != 1) {
      throw new CodecMismatchException("verification of " + m.id() + " produced " + out.size() + " images for 1 input");
    }
    LOG.debug("verified {} on {}", m.id(), codec.device());
  }

  static Device device(String device) throws CodecException {
    Engine engine;
    try {
      engine = Engine.getEngine("PyTorch");
    } catch (EngineException | IllegalArgumentException e) {
      throw new CodecException("the DJL PyTorch engine did not start: " + e.getMessage(), e);
    }
    if (device.equals("cpu")) {
      return Device.cpu();
    }
    int id = device.startsWith("gpu:") ? Integer.parseInt(device.substring(4)) : 0;
    int gpus = engine.getGpuCount();
    if (id >= gpus) {
      throw new CodecException("device " + device + " requested but libtorch sees " + gpus + " GPU(s); "
          + "point PYTORCH_LIBRARY_PATH at a CUDA build of libtorch " + engine.getVersion() + " to use a GPU");
    }
    return Device.gpu(id);
  }
}
