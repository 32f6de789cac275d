package org.issastream.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.issastream.schemas.CodeDType;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.StyleCode;
import org.junit.jupiter.api.Test;

class StyleCodeRecordsTest {
  static StyleCodes random(int l, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[l * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() * 2);
    }
    return StyleCodes.of(l, d, v);
  }

  @Test
  void float32IsExactAndLittleEndian() throws Exception {
    StyleCodes c = StyleCodes.of(1, 2, new float[] {1f, -2.5f});
    ByteBuffer b = StyleCodeRecords.encode(c, CodeDType.FLOAT32);
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    // 1.0f = 0x3F800000 little-endian
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0}, bytes);
    StyleCodes big = random(16, 512, 1);
    assertEquals(big, StyleCodeRecords.decode(16, 512, CodeDType.FLOAT32, StyleCodeRecords.encode(big, CodeDType.FLOAT32)));
  }

  @Test
  void float16RoundTripsWithinHalfPrecision() throws Exception {
    StyleCodes c = StyleCodes.of(1, 6, new float[] {1f, -2f, 0.1f, 65504f, 1e-7f, 70000f});
    ByteBuffer b = StyleCodeRecords.encode(c, CodeDType.FLOAT16);
    assertEquals(12, b.remaining());
    assertEquals(0x3c00, b.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xffff);
    float[] back = StyleCodeRecords.decode(1, 6, CodeDType.FLOAT16, b).toArray();
    assertEquals(1f, back[0]);
    assertEquals(-2f, back[1]);
    assertEquals(0.0999755859375f, back[2]); // nearest half to 0.1
    assertEquals(65504f, back[3]);
    assertEquals(1.1920929e-7f, back[4]); // subnormal half (2 * 2^-24)
    assertEquals(Float.POSITIVE_INFINITY, back[5]);
    StyleCodes big = random(10, 128, 2);
    float[] r = StyleCodeRecords.decode(10, 128, CodeDType.FLOAT16, StyleCodeRecords.encode(big, CodeDType.FLOAT16)).toArray();
    float[] o = big.toArray();
    for (int i = 0; i < o.length; i++) {
      assertTrue(Math.abs(r[i] - o[i]) <= Math.abs(o[i]) * 0x1p-11f + 1e-7f, i + ": " + o[i] + " vs " + r[i]);
    }
  }

  @Test
  void recordCarriesCodecAndShapesAndRefusesOtherCodecs() throws Exception {
    CodecManifest m = CodecManifestTest.issa().styles(4, 8).build();
    StyleCodes c = random(4, 8, 3);
    StyleCode rec = StyleCodeRecords.builder(c, CodeDType.FLOAT32, m)
        .setImageId("img-1").setConditions(ConditionTags.newBuilder().build())
        .setCaptureTimeMs(java.time.Instant.EPOCH).setCreatedTimeMs(java.time.Instant.EPOCH).build();
    assertEquals(4, rec.getNumStyles());
    assertEquals(8, rec.getStyleDim());
    assertEquals("issa-cityscapes", rec.getCodecId());
    assertEquals(c, StyleCodeRecords.decode(rec, m));
    CodecMismatchException e = assertThrows(CodecMismatchException.class,
        () -> StyleCodeRecords.decode(rec, m.toBuilder().id("other").build()));
    assertTrue(e.getMessage().contains("other"), e.getMessage());
    assertThrows(CodecMismatchException.class,
        () -> StyleCodeRecords.decode(4, 8, CodeDType.FLOAT32, ByteBuffer.allocate(7)));
  }
}
