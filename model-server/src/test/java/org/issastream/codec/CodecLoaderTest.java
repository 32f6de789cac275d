package org.issastream.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecLoaderTest {
  @TempDir Path dir;

  /** A test-meanshift codec directory of 8x16 images with a pinned weights.bin. */
  static CodecManifest writeCodec(Path dir) throws Exception {
    Path w = dir.resolve("weights.bin");
    Files.write(w, new byte[] {1, 2, 3});
    CodecManifest m = CodecManifest.builder().id("meanshift").version("1").backend("test-meanshift")
        .imageSize(8, 16).styles(4, 6).addNoiseShape(3, 8, 16)
        .file("weights.bin", CodecLoader.sha256(w)).build();
    Files.writeString(dir.resolve(CodecManifest.FILE_NAME), m.toJson());
    return m;
  }

  @Test
  void loadsVerifiedCodecThroughServiceLoaderAndRoundTrips() throws Exception {
    writeCodec(dir);
    Files.writeString(dir.resolve("README.md"), "notes are allowed");
    try (Codec codec = CodecLoader.load(dir, "cpu")) {
      assertEquals("meanshift", codec.manifest().id());
      RgbImage a = TestImages.pattern(16, 8, 1);
      RgbImage b = TestImages.solid(16, 8, 200, 30, 30);
      Latents lat = codec.invert(List.of(a, b));
      assertEquals(2, lat.size());
      List<RgbImage> rec = codec.synthesize(lat);
      assertTrue(CodecImages.psnr(a, rec.get(0)) > 45, "exact inverse up to rounding");
      // mix: a's layout, b's colour (default policy takes every slot)
      RgbImage mixed = codec.mix(lat.slice(0, 1), List.of(lat.styles(1)), MixPolicy.defaults()).get(0);
      assertNotEquals(a.data()[0], mixed.data()[0]);
      int dx = (a.data()[3 * 5] & 0xff) - (a.data()[0] & 0xff);
      int dxMixed = (mixed.data()[3 * 5] & 0xff) - (mixed.data()[0] & 0xff);
      assertTrue(Math.abs(dx - dxMixed) <= 1, "layout (gradients) kept: " + dx + " vs " + dxMixed);
      // strength 0 = content unchanged
      RgbImage none = codec.mix(lat.slice(0, 1), List.of(lat.styles(1)), MixPolicy.defaults().withStrength(0f)).get(0);
      assertEquals(rec.get(0).data().length, none.data().length);
      assertTrue(java.util.Arrays.equals(rec.get(0).data(), none.data()));
      CodecMismatchException e = assertThrows(CodecMismatchException.class,
          () -> codec.invert(List.of(TestImages.solid(17, 8, 0, 0, 0))));
      assertTrue(e.getMessage().contains("17x8"), e.getMessage());
      assertThrows(CodecMismatchException.class,
          () -> codec.mix(lat.slice(0, 1), List.of(StyleCodes.of(2, 2, new float[4])), MixPolicy.defaults()));
      assertThrows(CodecMismatchException.class,
          () -> codec.mix(lat.slice(0, 1), List.of(lat.styles(1)), MixPolicy.defaults().withSlots(4)));
    }
  }

  @Test
  void refusesModifiedPinnedFile() throws Exception {
    writeCodec(dir);
    Files.write(dir.resolve("weights.bin"), new byte[] {1, 2, 4});
    CodecMismatchException e = assertThrows(CodecMismatchException.class, () -> CodecLoader.load(dir, "cpu"));
    assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains("weights.bin"), e.getMessage());
  }

  @Test
  void refusesUnpinnedModelFilesAndMissingPinnedFiles() throws Exception {
    writeCodec(dir);
    Files.write(dir.resolve("evil.pt"), new byte[] {9});
    CodecMismatchException e = assertThrows(CodecMismatchException.class, () -> CodecLoader.load(dir, "cpu"));
    assertTrue(e.getMessage().contains("evil.pt") && e.getMessage().contains("does not pin"), e.getMessage());
    Files.delete(dir.resolve("evil.pt"));
    Files.delete(dir.resolve("weights.bin"));
    e = assertThrows(CodecMismatchException.class, () -> CodecLoader.load(dir, "cpu"));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void pinnedFileRejectsUnpinnedNamesAndSymlinksOutOfTheDirectory(@TempDir Path outside) throws Exception {
    CodecManifest m = writeCodec(dir);
    assertThrows(CodecMismatchException.class, () -> CodecLoader.pinnedFile(m, dir, "other.bin"));
    Files.delete(dir.resolve("weights.bin"));
    Path target = outside.resolve("w.bin");
    Files.write(target, new byte[] {1, 2, 3});
    Files.createSymbolicLink(dir.resolve("weights.bin"), target);
    CodecMismatchException e = assertThrows(CodecMismatchException.class, () -> CodecLoader.load(dir, "cpu"));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
  }

  @Test
  void unknownBackendBadDeviceAndMissingManifestAreClearErrors() throws Exception {
    assertTrue(assertThrows(CodecException.class, () -> CodecLoader.load(dir, "cpu")).getMessage().contains("no manifest.json"));
    CodecManifest m = writeCodec(dir);
    Files.writeString(dir.resolve(CodecManifest.FILE_NAME), m.toBuilder().backend("nope").build().toJson(), StandardCharsets.UTF_8);
    CodecException e = assertThrows(CodecException.class, () -> CodecLoader.load(dir, "cpu"));
    assertTrue(e.getMessage().contains("no codec backend 'nope'") && e.getMessage().contains("test-meanshift"), e.getMessage());
    assertThrows(CodecException.class, () -> CodecLoader.load(dir, "tpu"));
  }
}
