package org.issastream.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodecManifestTest {
  static final String SHA = "a".repeat(64);

  static CodecManifest.Builder issa() {
    return CodecManifest.builder().id("issa-cityscapes").version("1.0").backend("torchscript")
        .imageSize(256, 512).styles(16, 512).addNoiseShape(256, 64, 128).addNoiseShape(256, 64, 128)
        .file("encoder.pt", SHA).file("synthesis.pt", "b".repeat(64)).property("encoder", "encoder.pt");
  }

  @Test
  void jsonRoundTripKeepsEveryField() throws Exception {
    CodecManifest m = issa().defaultMixSlots(3, 4, 5).normalisation(PixelNormalisation.ZERO_TO_ONE).build();
    CodecManifest back = CodecManifest.parse(m.toJson());
    assertEquals(m.toJson(), back.toJson());
    assertEquals(256, back.height());
    assertEquals(512, back.width());
    assertEquals(16, back.numStyles());
    assertEquals(512, back.styleDim());
    assertArrayEquals(new int[] {256, 64, 128}, back.noiseShapes().get(1));
    assertArrayEquals(new int[] {3, 4, 5}, back.defaultMixSlots());
    assertEquals(PixelNormalisation.ZERO_TO_ONE, back.normalisation());
    assertEquals(SHA, back.files().get("encoder.pt"));
    assertEquals("encoder.pt", back.property("encoder", null));
  }

  @Test
  void defaultMixSlotsAreAllSlotsAsInThePaper() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, issa().build().defaultMixSlots());
  }

  @Test
  void malformedManifestsNameTheField() {
    String ok = issa().build().toJson();
    CodecMismatchException e = assertThrows(CodecMismatchException.class,
        () -> CodecManifest.parse(ok.replace("\"height\" : 256", "\"height\" : \"tall\"")));
    assertTrue(e.getMessage().contains("height"), e.getMessage());
    e = assertThrows(CodecMismatchException.class, () -> CodecManifest.parse(ok.replace(SHA, "xyz")));
    assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    e = assertThrows(CodecMismatchException.class, () -> CodecManifest.parse(ok.replace("\"encoder.pt\" : \"a", "\"../encoder.pt\" : \"a")));
    assertTrue(e.getMessage().contains("plain file name"), e.getMessage());
    e = assertThrows(CodecMismatchException.class, () -> CodecManifest.parse(ok.replace("\"format\" : 1", "\"format\" : 2")));
    assertTrue(e.getMessage().contains("format 2"), e.getMessage());
    assertThrows(CodecMismatchException.class, () -> CodecManifest.parse("[1,2]"));
    assertThrows(CodecMismatchException.class, () -> CodecManifest.parse("{not json"));
    assertThrows(IllegalArgumentException.class, () -> issa().defaultMixSlots(16).build());
  }

  @Test
  void callTimeChecksGiveClearShapeErrors() {
    CodecManifest m = CodecManifest.builder().id("t").version("1").backend("x").imageSize(4, 8).styles(2, 3)
        .addNoiseShape(1, 2, 2).file("w.bin", SHA).build();
    CodecMismatchException e = assertThrows(CodecMismatchException.class,
        () -> m.checkImages(List.of(TestImages.solid(8, 4, 0, 0, 0), TestImages.solid(9, 4, 0, 0, 0))));
    assertTrue(e.getMessage().contains("image 1 is 9x4") && e.getMessage().contains("8x4"), e.getMessage());
    e = assertThrows(CodecMismatchException.class, () -> m.checkStyles(StyleCodes.of(3, 3, new float[9])));
    assertTrue(e.getMessage().contains("[3,3]") && e.getMessage().contains("[2,3]"), e.getMessage());
    Latents bad = Latents.of(List.of(StyleCodes.of(2, 3, new float[6])),
        List.of(NoiseMaps.of(List.of(new int[] {1, 2, 3}), List.of(new float[6]))));
    e = assertThrows(CodecMismatchException.class, () -> m.checkLatents(bad));
    assertTrue(e.getMessage().contains("[[1,2,3]]") && e.getMessage().contains("[[1,2,2]]"), e.getMessage());
  }
}
