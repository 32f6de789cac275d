package org.issastream.synthdrive.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.Scene;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  @TempDir Path dir;

  private static SynthDataset.Options options(Path out, int count, DatasetLayout layout) {
    return new SynthDataset.Options(out, count, List.of(Condition.values()), List.of(Place.values()), 5, 128, 64,
        0.25, layout, true, 2);
  }

  @Test
  void cityscapesDatasetRoundTripsThroughTheReader() throws Exception {
    Path out = dir.resolve("cs");
    AtomicInteger progress = new AtomicInteger();
    Manifest m = SynthDataset.generate(options(out, 28, DatasetLayout.CITYSCAPES), n -> progress.accumulateAndGet(n, Math::max));
    assertEquals(28, progress.get());
    assertEquals(28, m.images().size());
    // balanced: 28 = 7 conditions x 4 places, one each
    m.counts().get("condition").values().forEach(v -> assertEquals(4, v));
    m.counts().get("place").values().forEach(v -> assertEquals(7, v));
    assertEquals(7, m.counts().get("split").get("val"));
    assertEquals(21, m.counts().get("split").get("train"));

    DatasetReader.Dataset ds = DatasetReader.read(out);
    assertEquals(DatasetLayout.CITYSCAPES, ds.layout());
    assertEquals(28, ds.samples().size());
    for (Sample s : ds.samples()) {
      Manifest.Entry e = m.images().stream().filter(x -> x.name().equals(s.name())).findFirst().orElseThrow();
      assertEquals(e.condition(), s.condition().id());
      assertEquals(e.place(), s.place());
      assertEquals(e.split(), s.split());
      assertNotNull(s.label());
      assertTrue(Files.isRegularFile(out.resolve(e.color())));
    }
    Sample first = ds.samples().get(0);
    Manifest.Entry e = m.images().stream().filter(x -> x.name().equals(first.name())).findFirst().orElseThrow();
    Scene expected = SynthDrive.render(e.seed(), Condition.fromId(e.condition()), Place.fromId(e.place()), 128, 64);
    assertEquals(expected.image(), Images.decode(first.image(), ImageLimits.DEFAULT));
    assertEquals(expected.label(), Images.decodeLabel(first.label(), ImageLimits.DEFAULT));
    assertTrue(first.image().toString().endsWith("_leftImg8bit.png"));
    assertTrue(first.label().toString().contains("gtFine"));
  }

  @Test
  void generationIsAPureFunctionOfTheOptions() throws Exception {
    SynthDataset.generate(options(dir.resolve("a"), 6, DatasetLayout.CITYSCAPES), n -> { });
    SynthDataset.generate(options(dir.resolve("b"), 6, DatasetLayout.CITYSCAPES), n -> { });
    DatasetReader.Dataset a = DatasetReader.read(dir.resolve("a"));
    DatasetReader.Dataset b = DatasetReader.read(dir.resolve("b"));
    assertEquals(a.manifest(), b.manifest());
    for (int i = 0; i < 6; i++) {
      assertEquals(-1, Files.mismatch(a.samples().get(i).image(), b.samples().get(i).image()));
    }
  }

  @Test
  void acdcLayoutTakesTheConditionFromTheFolder() throws Exception {
    Path out = dir.resolve("acdc");
    SynthDataset.generate(options(out, 7, DatasetLayout.ACDC), n -> { });
    Files.delete(out.resolve(Manifest.FILE)); // the folder alone must say the condition
    DatasetReader.Dataset ds = DatasetReader.read(out);
    assertEquals(DatasetLayout.ACDC, ds.layout());
    assertEquals(7, ds.samples().size());
    for (Sample s : ds.samples()) {
      assertNotNull(s.condition());
      assertTrue(s.name().endsWith("_" + s.condition().id()), s.name());
      assertTrue(s.image().toString().contains("rgb_anon/" + s.condition().id() + "/"));
      assertNotNull(s.label());
      assertEquals("seq00", s.attributes().get("sequence"));
    }
  }

  @Test
  void plainFolderListsImagesWithoutLabels() throws Exception {
    Path out = dir.resolve("plain");
    Files.createDirectories(out.resolve("sub"));
    Scene s = SynthDrive.render(1, Condition.FOG, Place.SOLMARA);
    Files.write(out.resolve("a.png"), Images.encodePng(s.image()));
    Files.write(out.resolve("sub/b.jpg"), Images.encodeJpeg(s.image(), 0.9f));
    Files.writeString(out.resolve("readme.txt"), "not an image");
    DatasetReader.Dataset ds = DatasetReader.read(out);
    assertEquals(DatasetLayout.PLAIN, ds.layout());
    assertEquals(List.of("a", "sub_b"), ds.samples().stream().map(Sample::name).toList());
    assertNull(ds.samples().get(0).label());
    assertNull(ds.samples().get(0).condition());
  }

  @Test
  void valShareIsExactAndInterleaved() {
    int val = 0;
    for (int k = 0; k < 100; k++) {
      if (SynthDataset.isVal(k, 0.2)) {
        val++;
      }
    }
    assertEquals(20, val);
    assertTrue(SynthDataset.imageSeed(1, 0) != SynthDataset.imageSeed(1, 1));
    assertTrue(SynthDataset.imageSeed(1, 5) >= 0);
  }
}
