package org.issastream.synthdrive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.Test;

class SynthDriveTest {

  @Test
  void sameSeedConditionPlaceGivesIdenticalBytes() {
    for (Condition c : Condition.values()) {
      Scene a = SynthDrive.render(42, c, Place.SOLMARA, 128, 64);
      Scene b = SynthDrive.render(42, c, Place.SOLMARA, 128, 64);
      assertArrayEquals(a.image().data(), b.image().data(), c.id());
      assertArrayEquals(a.label().data(), b.label().data(), c.id());
      assertEquals(128, a.image().width());
      assertEquals(64, a.image().height());
    }
  }

  @Test
  void concurrentRendersMatchSequentialOnes() throws Exception {
    List<Scene> expected = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      expected.add(SynthDrive.render(100 + i, Condition.values()[i % 7], Place.values()[i % 4], 128, 64));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Scene>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int k = i;
        got.add(pool.submit(() -> SynthDrive.render(100 + k, Condition.values()[k % 7], Place.values()[k % 4], 128, 64)));
      }
      for (int i = 0; i < 8; i++) {
        assertEquals(expected.get(i).image(), got.get(i).get().image());
        assertEquals(expected.get(i).label(), got.get(i).get().label());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void conditionsAndPlacesChangePixelsButNeverTheLabel() {
    long seed = 7;
    LabelMap ref = SynthDrive.label(seed, 128, 64);
    List<RgbImage> images = new ArrayList<>();
    for (Place p : Place.values()) {
      for (Condition c : Condition.values()) {
        Scene s = SynthDrive.render(seed, c, p, 128, 64);
        assertEquals(ref, s.label(), c + "/" + p);
        images.add(s.image());
      }
    }
    // every pair of renderings differs visibly: conditions by over 6 grey levels on average,
    // places under one condition by over 2 (fog hides most of a place's look)
    int nc = Condition.values().length;
    for (int i = 0; i < images.size(); i++) {
      for (int j = i + 1; j < images.size(); j++) {
        double mad = meanAbsDiff(images.get(i), images.get(j));
        boolean sameCondition = i % nc == j % nc;
        double min = sameCondition ? 2 : 6;
        assertTrue(mad > min, "renderings " + i + " and " + j + " too similar: " + mad);
      }
    }
  }

  @Test
  void neighbouringSeedsGiveUnrelatedLayouts() {
    for (long s = 0; s < 10; s++) {
      byte[] a = SynthDrive.label(s, 128, 64).data();
      byte[] b = SynthDrive.label(s + 1, 128, 64).data();
      int diff = 0;
      for (int i = 0; i < a.length; i++) {
        diff += a[i] != b[i] ? 1 : 0;
      }
      assertTrue(diff > a.length / 5, "seeds " + s + " and " + (s + 1) + " differ in only " + diff + " pixels");
    }
  }

  @Test
  void nightIsDarkAndFogIsLowContrast() {
    double night = 0;
    double clear = 0;
    double fogStd = 0;
    double clearStd = 0;
    for (long seed = 0; seed < 6; seed++) {
      RgbImage n = SynthDrive.render(seed, Condition.NIGHT, Place.BRICKFORD).image();
      RgbImage c = SynthDrive.render(seed, Condition.CLEAR, Place.BRICKFORD).image();
      RgbImage f = SynthDrive.render(seed, Condition.FOG, Place.BRICKFORD).image();
      night += n.mean();
      clear += c.mean();
      fogStd += std(f);
      clearStd += std(c);
    }
    assertTrue(night < clear * 0.5, "night mean " + night / 6 + " vs clear " + clear / 6);
    assertTrue(fogStd < clearStd * 0.75, "fog contrast " + fogStd / 6 + " vs clear " + clearStd / 6);
  }

  @Test
  void classCoverageOver200SeedsIsStreetLike() {
    long[] pixels = new long[256];
    int[] scenesWith = new int[256];
    long total = 0;
    for (long seed = 0; seed < 200; seed++) {
      LabelMap l = SynthDrive.label(seed, 128, 64);
      long[] h = l.histogram();
      for (int k = 0; k < 256; k++) {
        pixels[k] += h[k];
        if (h[k] > 0) {
          scenesWith[k]++;
        }
      }
      total += l.pixelCount();
    }
    int[] required = {TrainId.ROAD, TrainId.SIDEWALK, TrainId.BUILDING, TrainId.POLE, TrainId.TRAFFIC_SIGN,
        TrainId.VEGETATION, TrainId.TERRAIN, TrainId.SKY, TrainId.PERSON, TrainId.CAR, TrainId.TRAFFIC_LIGHT,
        TrainId.WALL, TrainId.FENCE, TrainId.RIDER, TrainId.BICYCLE, TrainId.TRUCK, TrainId.BUS};
    for (int c : required) {
      assertTrue(pixels[c] > 0, "class never rendered: " + TrainId.name(c));
    }
    // street-like proportions: road and building dominate, road in every scene
    assertEquals(200, scenesWith[TrainId.ROAD]);
    assertTrue(scenesWith[TrainId.CAR] > 150, "cars in " + scenesWith[TrainId.CAR]);
    assertTrue(scenesWith[TrainId.POLE] > 100, "poles in " + scenesWith[TrainId.POLE]);
    double road = (double) pixels[TrainId.ROAD] / total;
    double building = (double) pixels[TrainId.BUILDING] / total;
    double sky = (double) pixels[TrainId.SKY] / total;
    assertTrue(road > 0.2 && road < 0.5, "road share " + road);
    assertTrue(building > 0.1 && building < 0.45, "building share " + building);
    assertTrue(sky > 0.02 && sky < 0.3, "sky share " + sky);
    for (int k = TrainId.COUNT; k < TrainId.IGNORE; k++) {
      assertEquals(0, pixels[k], "unexpected id " + k);
    }
    // the camera car's bonnet is labelled ignore, as in Cityscapes, in most but not all layouts
    assertTrue(scenesWith[TrainId.IGNORE] > 100 && scenesWith[TrainId.IGNORE] < 180, "bonnet in " + scenesWith[255]);
    assertTrue((double) pixels[TrainId.IGNORE] / total < 0.12, "ignore share " + (double) pixels[255] / total);
  }

  @Test
  void supportsTheDocumentedSizeRange() {
    Scene small = SynthDrive.render(3, Condition.RAIN, Place.ALTBERG, 64, 32);
    assertEquals(64, small.image().width());
    assertEquals(32, small.label().height());
    assertThrows(IllegalArgumentException.class, () -> SynthDrive.render(3, Condition.RAIN, Place.ALTBERG, 16, 8));
  }

  @Test
  void conditionMapsToAvroSymbols() {
    assertEquals("CLEAR", Condition.DUSK.weatherSymbol());
    assertEquals("DUSK", Condition.DUSK.timeOfDaySymbol());
    assertEquals("FOG", Condition.FOG.weatherSymbol());
    assertEquals("DAY", Condition.FOG.timeOfDaySymbol());
    for (Condition c : Condition.values()) {
      assertEquals(c, Condition.fromSymbols(c.weatherSymbol(), c.timeOfDaySymbol()));
      assertEquals(c, Condition.fromId(c.id().toUpperCase()));
    }
    assertEquals(null, Condition.fromSymbols("RAIN", "NIGHT"));
    assertThrows(IllegalArgumentException.class, () -> Place.fromId("atlantis"));
  }

  private static double meanAbsDiff(RgbImage a, RgbImage b) {
    long s = 0;
    byte[] x = a.data();
    byte[] y = b.data();
    for (int i = 0; i < x.length; i++) {
      s += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
    }
    return (double) s / x.length;
  }

  private static double std(RgbImage img) {
    double m = img.mean();
    double s = 0;
    for (byte b : img.data()) {
      double d = (b & 0xff) - m;
      s += d * d;
    }
    return Math.sqrt(s / img.data().length);
  }
}
