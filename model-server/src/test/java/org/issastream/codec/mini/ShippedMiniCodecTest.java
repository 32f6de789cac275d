package org.issastream.codec.mini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecImages;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.codec.StyleCodes;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled default codec ({@code models/mini-codec-v2}), loaded through the codec API, on a
 * small fixed held-out set (SynthDrive seeds 9_000_000-9_000_015, never trained on).
 */
class ShippedMiniCodecTest {
  /** The repository's bundled codec, relative to this module's directory. */
  static final Path SHIPPED = Path.of(System.getProperty("issa.mini.codec",
      "../models/mini-codec-v2"));
  static final int N = 16;
  /** Measured 2026-11-29 on the shipped weights: see docs/codec.md. */
  static final double MIN_PSNR_DB = 23.0;

  private static Codec codec;
  private static List<RgbImage> heldOut;

  @BeforeAll
  static void load() throws Exception {
    codec = CodecLoader.load(SHIPPED, "cpu");
    heldOut = new ArrayList<>();
    CodecManifest m = codec.manifest();
    for (long seed = 9_000_000L; seed < 9_000_000L + N; seed++) {
      heldOut.add(SynthDrive.render(seed, SynthDriveImages.conditionOf(seed),
          SynthDriveImages.placeOf(seed), m.width(), m.height()).image());
    }
  }

  @AfterAll
  static void close() {
    if (codec != null) {
      codec.close();
    }
  }

  @Test
  void manifestPinsTheMiniBackendAndContractShapes() {
    CodecManifest m = codec.manifest();
    assertEquals(DjlMiniBackend.NAME, m.backend());
    assertEquals(64, m.height());
    assertEquals(128, m.width());
    assertEquals(10, m.numStyles());
    assertEquals(128, m.styleDim());
    assertEquals(2, m.noiseShapes().size());
    assertArrayEquals(new int[] {16, 32}, new int[] {m.noiseShapes().get(0)[1],
        m.noiseShapes().get(0)[2]});
  }

  @Test
  void reconstructsHeldOutScenesAboveThePsnrFloorDeterministically() throws Exception {
    Latents lat = codec.invert(heldOut);
    assertEquals(N, lat.size());
    CodecManifest m = codec.manifest();
    assertEquals(m.numStyles(), lat.styles(0).numStyles());
    assertEquals(m.styleDim(), lat.styles(0).styleDim());
    assertArrayEquals(m.noiseShapes().get(1), lat.noise(0).shape(1));
    List<RgbImage> rec = codec.synthesize(lat);
    double sum = 0;
    for (int i = 0; i < N; i++) {
      assertEquals(128, rec.get(i).width());
      assertEquals(64, rec.get(i).height());
      sum += CodecImages.psnr(heldOut.get(i), rec.get(i));
    }
    double psnr = sum / N;
    assertTrue(psnr >= MIN_PSNR_DB, "mean PSNR " + psnr + " dB on " + N + " held-out scenes");
    assertEquals(rec, codec.reconstruct(heldOut), "same input, same output");
  }

  @Test
  void nightStyleDarkensADaylightContentAndKeepsItsLayout() throws Exception {
    CodecManifest m = codec.manifest();
    long clear = firstSeedOf(Condition.CLEAR);
    long night = firstSeedOf(Condition.NIGHT);
    RgbImage content = render(clear, m);
    RgbImage style = render(night, m);
    Latents lat = codec.invert(List.of(content, style));
    StyleCodes nightStyle = lat.styles(1);
    RgbImage mixed = codec.mix(lat.slice(0, 1), List.of(nightStyle), MixPolicy.defaults()).get(0);
    RgbImage rec = codec.synthesize(lat.slice(0, 1)).get(0);
    assertTrue(mixed.mean() < rec.mean() - 10,
        "night style: mean " + mixed.mean() + " vs content reconstruction " + rec.mean());
  }

  private static long firstSeedOf(Condition c) {
    long s = 9_000_100L;
    while (SynthDriveImages.conditionOf(s) != c) {
      s++;
    }
    return s;
  }

  private static RgbImage render(long seed, CodecManifest m) {
    return SynthDrive.render(seed, SynthDriveImages.conditionOf(seed),
        SynthDriveImages.placeOf(seed), m.width(), m.height()).image();
  }
}
