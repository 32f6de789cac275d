package org.issastream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.ImageRole;
import org.issastream.schemas.Split;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.Scene;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.dataset.Sample;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.InvalidImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetImagesTest {
  @TempDir Path dir;

  @Test
  void conditionTagsFollowTheSchemaMapping() {
    assertEquals(new ConditionTags(Weather.CLEAR, TimeOfDay.NIGHT, "glassport"),
        ConditionTagsMapping.tags(Condition.NIGHT, "glassport"));
    assertEquals(new ConditionTags(Weather.FOG, TimeOfDay.DAY, null), ConditionTagsMapping.tags(Condition.FOG, null));
    assertEquals(new ConditionTags(Weather.UNKNOWN, TimeOfDay.UNKNOWN, null), ConditionTagsMapping.tags(null, null));
    for (Condition c : Condition.values()) {
      assertEquals(c, ConditionTagsMapping.condition(ConditionTagsMapping.tags(c, "x")));
    }
    assertNull(ConditionTagsMapping.condition(new ConditionTags(Weather.RAIN, TimeOfDay.NIGHT, null)));
  }

  private Sample write(String name, Scene s, boolean label) throws Exception {
    Path img = dir.resolve(name + ".png");
    Files.write(img, Images.encodePng(s.image()));
    Path lab = null;
    if (label) {
      lab = dir.resolve(name + "_labelTrainIds.png");
      Files.write(lab, Images.encodeLabelPng(s.label()));
    }
    return new Sample(name, img, lab, "val", s.info().condition(), s.info().place().id(), Map.of("seed", "1"));
  }

  @Test
  void contentRecordsCarryImageLabelTagsAndSplit() throws Exception {
    Scene s = SynthDrive.render(1, Condition.DUSK, Place.ALTBERG);
    FleetImage fi = FleetImages.fromSample(write("a", s, true), "src", ImageRole.CONTENT, ImageLimits.DEFAULT,
        Instant.ofEpochMilli(5));
    assertEquals("src/a", fi.getImageId());
    assertEquals(Split.VAL, fi.getSplit());
    assertEquals(Weather.CLEAR, fi.getConditions().getWeather());
    assertEquals(TimeOfDay.DUSK, fi.getConditions().getTimeOfDay());
    assertEquals("altberg", fi.getConditions().getPlace());
    assertEquals(s.label(), Images.decodeLabel(FleetImages.bytes(fi.getLabel(), "l"), "l", ImageLimits.DEFAULT));
    assertEquals(64, fi.getImage().getHeight());
    assertEquals("1", fi.getAttributes().get("seed"));
  }

  @Test
  void styleOnlyRecordsDropLabelAndSplit() throws Exception {
    Scene s = SynthDrive.render(2, Condition.SNOW, Place.SOLMARA);
    FleetImage fi = FleetImages.fromSample(write("b", s, true), "src", ImageRole.STYLE_ONLY, ImageLimits.DEFAULT,
        Instant.EPOCH);
    assertNull(fi.getLabel());
    assertEquals(Split.NONE, fi.getSplit());
    assertNotNull(fi.getImage().getSha256());
  }

  @Test
  void labelOfAnotherSizeIsRejectedNamingIt() throws Exception {
    Scene s = SynthDrive.render(3, Condition.CLEAR, Place.BRICKFORD);
    Sample sample = write("c", s, true);
    Files.write(sample.label(), Images.encodeLabelPng(SynthDrive.label(3, 64, 32)));
    InvalidImageException e = assertThrows(InvalidImageException.class,
        () -> FleetImages.fromSample(sample, "src", ImageRole.CONTENT, ImageLimits.DEFAULT, Instant.EPOCH));
    assertTrue(e.getMessage().contains("c_labelTrainIds.png") && e.getMessage().contains("64x32"), e.getMessage());
  }
}
