package org.issastream.codec.mini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.Random;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.junit.jupiter.api.Test;

class PhotometricAndDataTest {

  @Test
  void distortionKeepsRangeAndShapeAndIsIdentityAtProbabilityZero() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomUniform(-1f, 1f, new Shape(6, 3, 8, 16));
      NDArray same = new Photometric(0).apply(x, new Random(1));
      assertTrue(same.sub(x).abs().max().getFloat() < 1e-3f, "p=0 leaves images (almost) as is");
      NDArray y = new Photometric(1).apply(x, new Random(1));
      assertEquals(x.getShape(), y.getShape());
      assertTrue(y.min().getFloat() >= -1f && y.max().getFloat() <= 1f);
      float[] d = Ops.mean(y.sub(x).abs(), new int[] {1, 2, 3}, false).toFloatArray();
      int changed = 0;
      for (float v : d) {
        changed += v > 0.02f ? 1 : 0;
      }
      assertTrue(changed >= 5, "most samples visibly distorted: " + java.util.Arrays.toString(d));
    }
  }

  @Test
  void trainingImagesAreIndependentDeterministicDrawsOverAllConditionsAndPlaces() {
    SynthDriveImages data = new SynthDriveImages(1_000_000L, 1000, 32, 64);
    float[] a = data.batch(3, 2);
    assertArrayEquals(a, data.batch(3, 2), "deterministic in the step");
    assertArrayEquals(data.image(1_000_006L), java.util.Arrays.copyOfRange(a, 0, 3 * 32 * 64));
    for (float v : a) {
      assertTrue(v >= -1f && v <= 1f);
    }
    EnumSet<Condition> conditions = EnumSet.noneOf(Condition.class);
    EnumSet<Place> places = EnumSet.noneOf(Place.class);
    for (long s = 1_000_000L; s < 1_000_200L; s++) {
      conditions.add(SynthDriveImages.conditionOf(s));
      places.add(SynthDriveImages.placeOf(s));
    }
    assertEquals(EnumSet.allOf(Condition.class), conditions);
    assertEquals(EnumSet.allOf(Place.class), places);
  }
}
