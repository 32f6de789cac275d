package org.issastream.streams.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.issastream.streams.curator.policy.AgeBasis;
import org.issastream.streams.curator.policy.ReplacementPolicy;
import org.junit.jupiter.api.Test;

class CuratorConfigTest {

  static Map<String, Object> required() {
    Map<String, Object> m = new HashMap<>();
    m.put(CuratorConfig.CODEC_ID, "mini-v1");
    m.put(CuratorConfig.NUM_STYLES, 4);
    m.put(CuratorConfig.STYLE_DIM, 8);
    return m;
  }

  @Test
  void defaults() {
    CuratorConfig c = new CuratorConfig(required());
    assertEquals("style.codes", c.inputTopic());
    assertEquals("style.pool", c.poolTopic());
    assertEquals("style.codes.dlq", c.dlqTopic());
    assertEquals(512, c.quotaPlan().capacity());
    assertEquals(64, c.quotaPlan().quota("clear"));
    assertEquals(32, c.quotaPlan().quota("external"));
    assertEquals(ReplacementPolicy.OLDEST, c.policySettings().replacement());
    assertEquals(AgeBasis.CAPTURE, c.policySettings().ageBasis());
    assertEquals(0.995, c.policySettings().maxSimilarity());
    assertEquals(24 * 3600_000L, c.dedupRetentionMs());
    assertEquals("127.0.0.1", c.httpHost());
  }

  @Test
  void codecKeysAreRequired() {
    Map<String, Object> m = required();
    m.remove(CuratorConfig.CODEC_ID);
    assertThrows(ConfigException.class, () -> new CuratorConfig(m));
  }

  @Test
  void stringsFromAPropertiesFileParse() {
    Map<String, Object> m = new HashMap<>();
    m.put(CuratorConfig.CODEC_ID, "mini-v1");
    m.put(CuratorConfig.NUM_STYLES, "4");
    m.put(CuratorConfig.STYLE_DIM, "8");
    m.put(CuratorConfig.CAPACITY, "10");
    m.put(CuratorConfig.QUOTAS, "snow:1, clear:1, snow@oslo:0.5");
    m.put(CuratorConfig.REPLACEMENT, "least-novel");
    m.put(CuratorConfig.AGE_BASIS, "admission");
    CuratorConfig c = new CuratorConfig(m);
    assertEquals(4, c.quotaPlan().quota("snow"));
    assertEquals(4, c.quotaPlan().quota("clear"));
    assertEquals(2, c.quotaPlan().quota("snow@oslo"));
    assertEquals(ReplacementPolicy.LEAST_NOVEL, c.policySettings().replacement());
    assertEquals(AgeBasis.ADMISSION, c.policySettings().ageBasis());
  }

  @Test
  void badValuesFailFast() {
    Map<String, Object> m = required();
    m.put(CuratorConfig.QUOTAS, "snow:-1");
    assertThrows(ConfigException.class, () -> new CuratorConfig(m));
    m.put(CuratorConfig.QUOTAS, "snow");
    assertThrows(ConfigException.class, () -> new CuratorConfig(m));
    m.remove(CuratorConfig.QUOTAS);
    m.put(CuratorConfig.REPLACEMENT, "random");
    assertThrows(ConfigException.class, () -> new CuratorConfig(m));
    m.remove(CuratorConfig.REPLACEMENT);
    m.put(CuratorConfig.MAX_SIMILARITY, 1.5);
    assertThrows(ConfigException.class, () -> new CuratorConfig(m));
  }

  @Test
  void streamsKeysPassThroughOverCuratorDefaults() {
    Map<String, Object> m = required();
    m.put("streams.bootstrap.servers", "broker:9092");
    m.put("streams.application.id", "curator-eu");
    Properties p = new CuratorConfig(m).streamsProperties();
    assertEquals("broker:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals("curator-eu", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("style.codes.dlq", p.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
    assertTrue(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG).toString()
        .endsWith("DeadLetterHandlers$Processing"));
  }
}
