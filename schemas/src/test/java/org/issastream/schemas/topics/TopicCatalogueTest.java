package org.issastream.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.issastream.schemas.FleetImage;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

  @Test
  void namesEveryArchitectureTopicWithThePrefix() {
    TopicCatalogue c = new TopicCatalogue(Map.of("topics.prefix", "t1.", "topics.partitions", 3));
    assertEquals(List.of("t1.fleet.images", "t1.fleet.exemplars", "t1.style.codes", "t1.style.pool", "t1.augmented.samples",
        "t1.proxy.validation", "t1.fleet.images.dlq", "t1.style.codes.dlq", "t1.training.reports", "t1._schemas"),
        c.all().stream().map(TopicSpec::name).toList());
    assertEquals("t1.fleet.images", c.fleetImages());
    assertEquals(3, c.spec(TopicCatalogue.FLEET_IMAGES).partitions());
    assertEquals(FleetImage.class, c.spec(TopicCatalogue.FLEET_IMAGES).valueType());
    assertNull(c.spec(TopicCatalogue.FLEET_IMAGES_DLQ).valueType());
    assertEquals("t1.style.codes.dlq", c.styleCodesDlq());
    assertThrows(IllegalArgumentException.class, () -> c.name("nope"));
  }

  @Test
  void compactionAndSizeLimitsFollowTheArchitecture() {
    TopicCatalogue c = new TopicCatalogue(Map.of("topics.image.max.message.bytes", 8_000_000));
    assertTrue(c.spec(TopicCatalogue.STYLE_POOL).compacted());
    assertTrue(c.spec(TopicCatalogue.SCHEMAS).compacted());
    assertEquals(1, c.spec(TopicCatalogue.SCHEMAS).partitions());
    assertTrue(!c.spec(TopicCatalogue.FLEET_IMAGES).compacted());
    for (String images : List.of(TopicCatalogue.FLEET_IMAGES, TopicCatalogue.FLEET_EXEMPLARS, TopicCatalogue.AUGMENTED_SAMPLES,
        TopicCatalogue.PROXY_VALIDATION, TopicCatalogue.FLEET_IMAGES_DLQ)) {
      assertEquals("8000000", c.spec(images).configs().get("max.message.bytes"), images);
    }
    assertNull(c.spec(TopicCatalogue.STYLE_CODES).configs().get("max.message.bytes"));
    assertEquals(-1, c.spec(TopicCatalogue.STYLE_CODES).replicationFactor());
  }
}
