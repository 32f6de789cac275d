package org.issastream.codec.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.CodecMismatchException;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.codec.Npy;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny TorchScript fixture (tools/torchscript/make_fixture.py --kind tiny) loaded through DJL and
 * compared with the outputs python-torch recorded when it generated the fixture.
 */
class TorchScriptCodecTest {
  static final double TOL = 1e-5;
  static Path fixture;
  static Path ref;
  static TorchScriptCodec codec;
  static List<RgbImage> images;

  @BeforeAll
  static void load() throws Exception {
    fixture = Path.of(TorchScriptCodecTest.class.getResource("/fixtures/tiny-codec/manifest.json").toURI()).getParent();
    ref = fixture.resolveSibling("tiny-codec-ref");
    Codec c = CodecLoader.load(fixture, "cpu");
    codec = assertInstanceOf(TorchScriptCodec.class, c);
    Npy.Array imgs = Npy.read(ref.resolve("images.npy"));
    int b = imgs.shape()[0];
    int h = imgs.shape()[1];
    int w = imgs.shape()[2];
    images = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      byte[] px = java.util.Arrays.copyOfRange(imgs.bytes(), i * h * w * 3, (i + 1) * h * w * 3);
      images.add(RgbImage.wrap(w, h, px));
    }
  }

  @AfterAll
  static void close() {
    if (codec != null) {
      codec.close();
    }
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(max <= TOL, what + ": max abs diff " + max);
  }

  static float[] flatWPlus(Latents lat) {
    int n = lat.styles(0).numStyles() * lat.styles(0).styleDim();
    float[] out = new float[lat.size() * n];
    for (int i = 0; i < lat.size(); i++) {
      lat.styles(i).copyInto(out, i * n);
    }
    return out;
  }

  static float[] flatNoise(Latents lat, int k) {
    int n = lat.noise(0).map(k).length;
    float[] out = new float[lat.size() * n];
    for (int i = 0; i < lat.size(); i++) {
      lat.noise(i).copyInto(k, out, i * n);
    }
    return out;
  }

  @Test
  void invertMatchesPythonReference() throws Exception {
    Latents lat = codec.invert(images);
    assertEquals(2, lat.size());
    assertArrayEquals(new int[] {2, 4, 8}, Npy.read(ref.resolve("w_plus.npy")).shape());
    assertClose(Npy.read(ref.resolve("w_plus.npy")).floats(), flatWPlus(lat), "w_plus");
    assertClose(Npy.read(ref.resolve("noise_0.npy")).floats(), flatNoise(lat, 0), "noise 0");
    assertClose(Npy.read(ref.resolve("noise_1.npy")).floats(), flatNoise(lat, 1), "noise 1");
  }

  @Test
  void synthesizeAndMixMatchPythonReference() throws Exception {
    Latents lat = codec.invert(images);
    assertClose(Npy.read(ref.resolve("synth.npy")).floats(), codec.synthesizeTensor(lat), "reconstruction");
    Latents mixed = lat.slice(0, 1).mixedWith(List.of(lat.styles(1)), MixPolicy.defaults(), codec.manifest().defaultMixSlots());
    float[] mixRef = Npy.read(ref.resolve("mix.npy")).floats();
    assertClose(mixRef, codec.synthesizeTensor(mixed), "mix");
    // the public mix path quantises the same tensor, read from libtorch as NHWC: every channel of
    // every pixel lands where the NCHW reference has it
    RgbImage img = codec.mix(lat.slice(0, 1), List.of(lat.styles(1)), MixPolicy.defaults()).get(0);
    int plane = 16 * 32;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        int expected = codec.manifest().normalisation().toByte(mixRef[c * plane + p]) & 0xff;
        assertTrue(Math.abs(expected - (img.data()[p * 3 + c] & 0xff)) <= 1, "pixel " + p + " channel " + c);
      }
    }
  }

  @Test
  void batchedAndSingleCallsAgree() throws Exception {
    Latents both = codec.invert(images);
    Latents second = codec.invert(images.subList(1, 2));
    assertClose(flatWPlus(both.slice(1, 2)), flatWPlus(second), "w_plus of sample 1 alone");
    assertClose(flatNoise(both.slice(1, 2), 1), flatNoise(second, 1), "noise of sample 1 alone");
    assertEquals(0, codec.invert(List.of()).size());
    assertEquals(0, codec.synthesize(Latents.of(List.of(), List.of())).size());
  }

  @Test
  void concurrentCallersEachGetAPredictorAndTheSameAnswers() throws Exception {
    float[] expected = flatWPlus(codec.invert(images));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        fs.add(pool.submit(() -> flatWPlus(codec.invert(images))));
      }
      for (Future<float[]> f : fs) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      pool.shutdown();
    }
    int[] counts = codec.predictorCounts();
    assertTrue(counts[0] >= 1 && counts[0] <= 5, "encoder predictors " + counts[0]);
  }

  @Test
  void wrongImageSizeIsAClearMismatch() {
    CodecMismatchException e = assertThrows(CodecMismatchException.class,
        () -> codec.invert(List.of(RgbImage.filled(64, 32, 1, 2, 3))));
    assertTrue(e.getMessage().contains("64x32") && e.getMessage().contains("32x16"), e.getMessage());
  }

  @Test
  void manifestThatMisstatesShapesFailsAtLoad(@TempDir Path dir) throws Exception {
    Files.copy(fixture.resolve("encoder.pt"), dir.resolve("encoder.pt"));
    Files.copy(fixture.resolve("synthesis.pt"), dir.resolve("synthesis.pt"));
    CodecManifest m = CodecLoader.readManifest(fixture);
    CodecManifest wrong = m.toBuilder().styles(5, 8).defaultMixSlots(0, 1, 2, 3, 4).build();
    Files.writeString(dir.resolve(CodecManifest.FILE_NAME), wrong.toJson());
    // typed, and worded by the codec's own check (raised inside the output reader, not wrapped as a
    // generic forward failure)
    CodecMismatchException e = assertThrows(CodecMismatchException.class, () -> CodecLoader.load(dir, "cpu"));
    assertTrue(e.getMessage().startsWith("encoder output w_plus") && e.getMessage().contains("[1,4,8]")
        && e.getMessage().contains("[1,5,8]"), e.getMessage());
    // unknown GPU is a clear error, not a crash
    Files.writeString(dir.resolve(CodecManifest.FILE_NAME), m.toJson());
    CodecException g = assertThrows(CodecException.class, () -> CodecLoader.load(dir, "gpu:7"));
    assertTrue(g.getMessage().contains("PYTORCH_LIBRARY_PATH"), g.getMessage());
  }

  @Test
  void closedCodecRefusesCalls() throws Exception {
    Codec c = CodecLoader.load(fixture, "cpu");
    c.close();
    c.close();
    assertThrows(CodecException.class, () -> c.invert(images));
  }
}
