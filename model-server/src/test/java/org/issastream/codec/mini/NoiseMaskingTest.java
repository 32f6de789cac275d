package org.issastream.codec.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseMaskingTest {

  @Test
  void masksExactlyTheRatioOfPatchesPerSampleAndMap() {
    NoiseMasking m = new NoiseMasking(16, 32, 2, 0.25, 4);
    assertEquals(128, m.patchesPerMap());
    assertEquals(32, m.maskedPerMap());
    float[][][][] keep = m.draw(5, 2, new Random(3));
    for (int map = 0; map < 2; map++) {
      for (int b = 0; b < 5; b++) {
        int maskedCells = 0;
        for (float[] row : keep[map][b]) {
          for (float v : row) {
            maskedCells += v == 0f ? 1 : 0;
          }
        }
        assertEquals(32 * 4, maskedCells, "map " + map + " sample " + b);
      }
    }
    // fresh masks per sample and per map
    assertTrue(!Arrays.deepEquals(keep[0][0], keep[0][1]));
    assertTrue(!Arrays.deepEquals(keep[0][0], keep[1][0]));
  }

  @Test
  void patchesAreAlignedSquaresOfTheGivenSide() {
    NoiseMasking m = new NoiseMasking(16, 32, 4, 0.5, 4);
    float[][] k = m.draw(1, 1, new Random(9))[0][0];
    int masked = 0;
    for (int pr = 0; pr < 4; pr++) {
      for (int pc = 0; pc < 8; pc++) {
        float v = k[pr * 4][pc * 4];
        masked += v == 0f ? 1 : 0;
        for (int r = 0; r < 4; r++) {
          for (int c = 0; c < 4; c++) {
            assertEquals(v, k[pr * 4 + r][pc * 4 + c], "patch " + pr + "," + pc + " not uniform");
          }
        }
      }
    }
    assertEquals(16, masked);
  }

  @Test
  void pixelMaskCoversTheUnionOfMaskedPatchesAtImageScale() {
    NoiseMasking m = new NoiseMasking(16, 32, 2, 0.25, 4);
    float[][][][] keep = m.draw(2, 2, new Random(1));
    try (NDManager mg = NDManager.newBaseManager()) {
      NDArray k1 = m.toArray(mg, keep[0]);
      NDArray k2 = m.toArray(mg, keep[1]);
      NDArray px = m.pixelKeep(k1, k2);
      assertEquals(new Shape(2, 1, 64, 128), px.getShape());
      float[] p = px.toFloatArray();
      for (int b = 0; b < 2; b++) {
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 128; x++) {
            float expect = keep[0][b][y / 4][x / 4] * keep[1][b][y / 4][x / 4];
            assertEquals(expect, p[b * 64 * 128 + y * 128 + x]);
          }
        }
      }
      // masked cells take fresh N(0,1) values, kept cells are untouched
      NDArray noise = mg.full(new Shape(2, 3, 16, 32), 5f);
      float[] out = NoiseMasking.apply(noise, k1, mg).toFloatArray();
      int fresh = 0;
      for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 3; c++) {
          for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
              float v = out[((b * 3 + c) * 16 + y) * 32 + x];
              if (keep[0][b][y][x] == 1f) {
                assertEquals(5f, v);
              } else {
                assertNotEquals(5f, v);
                assertTrue(Math.abs(v) < 6f);
                fresh++;
              }
            }
          }
        }
      }
      assertEquals(2 * 3 * 32 * 4, fresh);
    }
  }

  @Test
  void rejectsPatchesThatDoNotTileTheMap() {
    assertThrows(IllegalArgumentException.class, () -> new NoiseMasking(16, 32, 3, 0.25, 4));
    assertThrows(IllegalArgumentException.class, () -> new NoiseMasking(16, 32, 2, 1.0, 4));
  }
}
