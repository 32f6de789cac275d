package org.issastream.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.Test;

class CodecImagesTest {
  @Test
  void nchwRoundTripIsExactAndNormalisedToMinusOneOne() {
    RgbImage img = TestImages.pattern(5, 3, 7);
    float[] t = CodecImages.toNchw(List.of(img), 3, 5, PixelNormalisation.MINUS_ONE_TO_ONE);
    assertEquals(45, t.length);
    assertEquals((img.data()[0] & 0xff) / 127.5f - 1f, t[0], 1e-6);
    assertEquals((img.data()[1] & 0xff) / 127.5f - 1f, t[15], 1e-6); // G plane of pixel 0
    RgbImage back = CodecImages.fromNchw(t, 1, 3, 5, PixelNormalisation.MINUS_ONE_TO_ONE).get(0);
    assertArrayEquals(img.data(), back.data());
    // outputs outside [-1,1] are clamped, NaN goes to 0
    RgbImage clamped = CodecImages.fromNchw(new float[] {2f, -3f, Float.NaN}, 1, 1, 1, PixelNormalisation.MINUS_ONE_TO_ONE).get(0);
    assertArrayEquals(new byte[] {(byte) 255, 0, 0}, clamped.data());
  }

  @Test
  void nhwcIsTheNchwTensorInChannelsLastOrder() {
    List<RgbImage> imgs = List.of(TestImages.pattern(5, 3, 7), TestImages.pattern(5, 3, 8));
    float[] nchw = CodecImages.toNchw(imgs, 3, 5, PixelNormalisation.MINUS_ONE_TO_ONE);
    float[] nhwc = CodecImages.toNhwc(imgs, 3, 5, PixelNormalisation.MINUS_ONE_TO_ONE);
    assertEquals(nchw.length, nhwc.length);
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 5; x++) {
            assertEquals(nchw[((b * 3 + c) * 3 + y) * 5 + x], nhwc[((b * 3 + y) * 5 + x) * 3 + c], 0f);
          }
        }
      }
    }
  }

  @Test
  void nhwcUnpacksToTheSameImagesAsNchwAndClampsAlike() {
    List<RgbImage> imgs = List.of(TestImages.pattern(5, 3, 7), TestImages.pattern(5, 3, 8));
    float[] nhwc = CodecImages.toNhwc(imgs, 3, 5, PixelNormalisation.MINUS_ONE_TO_ONE);
    nhwc[4] = 1.7f; // image 0, pixel 1, G: clamps to 255
    nhwc[45 + 2] = Float.NaN; // image 1, pixel 0, B: NaN goes to 0
    List<RgbImage> back = CodecImages.fromNhwc(nhwc, 2, 3, 5, PixelNormalisation.MINUS_ONE_TO_ONE);
    assertEquals(2, back.size());
    byte[] want0 = imgs.get(0).data().clone();
    want0[4] = (byte) 255;
    byte[] want1 = imgs.get(1).data().clone();
    want1[2] = 0;
    assertArrayEquals(want0, back.get(0).data());
    assertArrayEquals(want1, back.get(1).data());
    assertEquals(5, back.get(1).width());
    assertEquals(3, back.get(1).height());
    assertThrows(IllegalArgumentException.class, () -> CodecImages.fromNhwc(new float[44], 1, 3, 5, PixelNormalisation.MINUS_ONE_TO_ONE));
  }

  @Test
  void fitCropsToAspectThenResizes() {
    CodecManifest m = CodecManifest.builder().id("t").version("1").backend("x").imageSize(64, 128).styles(1, 1)
        .file("a.bin", "a".repeat(64)).build();
    // 300x100 (3:1) into 2:1: crop width to 200 then halve; a solid image stays solid
    RgbImage solid = TestImages.solid(300, 100, 10, 200, 30);
    RgbImage fit = CodecImages.fit(solid, m);
    assertEquals(128, fit.width());
    assertEquals(64, fit.height());
    for (int i = 0; i < fit.data().length; i += 3) {
      assertEquals(10, fit.data()[i] & 0xff);
      assertEquals(200, fit.data()[i + 1] & 0xff);
    }
    RgbImage already = TestImages.solid(128, 64, 1, 2, 3);
    assertSame(already, CodecImages.fit(already, m));
  }

  @Test
  void psnrOfEqualAndDifferentImages() {
    RgbImage a = TestImages.solid(4, 4, 100, 100, 100);
    assertTrue(CodecImages.psnr(a, a) == Double.POSITIVE_INFINITY);
    // every channel off by 1: MSE 1 -> 48.13 dB
    assertEquals(48.13, CodecImages.psnr(a, TestImages.solid(4, 4, 101, 101, 101)), 0.01);
  }
}
