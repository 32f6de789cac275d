package org.issastream.streams.curator.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StyleVectorsTest {

  @Test
  void float32DecodesToUnitVector() throws Exception {
    float[] v = StyleVectors.decodeUnit(StyleVectors.toFloat32Bytes(new float[] {3, 0, -4, 0}), 4, false);
    assertArrayEquals(new float[] {0.6f, 0f, -0.8f, 0f}, v, 1e-7f);
    assertEquals(1.0, StyleVectors.cosine(v, v), 1e-6);
  }

  @Test
  void float16RoundTripsExactlyRepresentableValues() throws Exception {
    float[] values = {1f, -2.5f, 0.5f, 65504f, -0x1p-14f, 0x1p-24f, 0f, 1000.5f};
    for (float x : values) {
      assertEquals(x, StyleVectors.halfToFloat(StyleVectors.floatToHalf(x)), 0f, "value " + x);
    }
    // 0.1 is not representable: nearest half is 0.0999755859375
    assertEquals(0.0999755859375f, StyleVectors.halfToFloat(StyleVectors.floatToHalf(0.1f)), 0f);
    assertEquals(Float.POSITIVE_INFINITY, StyleVectors.halfToFloat(StyleVectors.floatToHalf(1e6f)));
    assertEquals((short) 0x3c00, StyleVectors.floatToHalf(1f));
    assertEquals((short) 0xc100, StyleVectors.floatToHalf(-2.5f));
  }

  @Test
  void float16DecodeMatchesFloat32Decode() throws Exception {
    float[] raw = {0.25f, -1.5f, 2f, 0.125f, 8f, -0.75f};
    float[] a = StyleVectors.decodeUnit(StyleVectors.toFloat32Bytes(raw), 6, false);
    float[] b = StyleVectors.decodeUnit(StyleVectors.toFloat16Bytes(raw), 6, true);
    assertArrayEquals(a, b, 1e-7f);
  }

  @Test
  void rejectsWrongLengthNonFiniteAndZero() {
    ByteBuffer three = StyleVectors.toFloat32Bytes(new float[] {1, 2, 3});
    assertThrows(StyleVectors.InvalidCodesException.class, () -> StyleVectors.decodeUnit(three, 4, false));
    assertThrows(StyleVectors.InvalidCodesException.class, () -> StyleVectors.decodeUnit(three, 5, true));
    assertThrows(StyleVectors.InvalidCodesException.class,
        () -> StyleVectors.decodeUnit(StyleVectors.toFloat32Bytes(new float[] {1, Float.NaN}), 2, false));
    assertThrows(StyleVectors.InvalidCodesException.class,
        () -> StyleVectors.decodeUnit(StyleVectors.toFloat32Bytes(new float[] {0, 0}), 2, false));
  }

  @Test
  void decodingDoesNotMoveTheBufferPosition() throws Exception {
    ByteBuffer b = StyleVectors.toFloat32Bytes(new float[] {1, 1});
    StyleVectors.decodeUnit(b, 2, false);
    assertEquals(0, b.position());
    assertEquals(8, b.remaining());
  }
}
