package org.issastream.codec.torchscript;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.Latents;
import org.issastream.codec.Npy;
import org.junit.jupiter.api.Test;

/** The tiny fixture on gpu:0 against the python reference; skipped where libtorch sees no GPU. */
class TorchScriptGpuTest {
  @Test
  void fixtureOnGpuMatchesPythonReference() throws Exception {
    assumeTrue(Engine.getEngine("PyTorch").getGpuCount() > 0, "no GPU visible to libtorch");
    Path fixture = Path.of(TorchScriptGpuTest.class.getResource("/fixtures/tiny-codec/manifest.json").toURI()).getParent();
    Path ref = fixture.resolveSibling("tiny-codec-ref");
    try (Codec c = CodecLoader.load(fixture, "gpu:0")) {
      TorchScriptCodec codec = (TorchScriptCodec) c;
      Npy.Array imgs = Npy.read(ref.resolve("images.npy"));
      int h = imgs.shape()[1];
      int w = imgs.shape()[2];
      java.util.List<org.issastream.synthdrive.image.RgbImage> images = new java.util.ArrayList<>();
      for (int i = 0; i < imgs.shape()[0]; i++) {
        images.add(org.issastream.synthdrive.image.RgbImage.wrap(w, h,
            java.util.Arrays.copyOfRange(imgs.bytes(), i * h * w * 3, (i + 1) * h * w * 3)));
      }
      Latents lat = codec.invert(images);
      float[] expected = Npy.read(ref.resolve("synth.npy")).floats();
      float[] actual = codec.synthesizeTensor(lat);
      double max = 0;
      for (int i = 0; i < expected.length; i++) {
        max = Math.max(max, Math.abs(expected[i] - actual[i]));
      }
      // cuDNN picks other convolution algorithms than the CPU (and libtorch allows TF32 for cuDNN
      // convolutions by default): tools/torchscript/gpu_check.py measured 5.7e-4 for this fixture on an
      // H200 with TF32 off (docs/results/gpu-check.md); 1e-4 was too tight for any GPU.
      assertTrue(max <= 5e-3, "GPU reconstruction differs from the CPU python reference by " + max);
    }
  }
}
