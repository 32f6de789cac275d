package org.issastream.streams.curator;

import static org.issastream.streams.testing.Codes.code;
import static org.issastream.streams.testing.Codes.tags;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.Origin;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.issastream.schemas.registry.InMemorySchemaRegistryClient;
import org.issastream.schemas.serde.AvroSerde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curator topology on TopologyTestDriver: every admission rule, quotas, TTL, dead letters. */
class CuratorTopologyTest {

  static final String CODEC = "mini-v1";
  static final int L = 2;
  static final int D = 4;
  static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
  static final long MIN = 60_000L;
  static final ConditionTags CLEAR = tags(Weather.CLEAR, TimeOfDay.DAY);
  static final ConditionTags SNOW = tags(Weather.SNOW, TimeOfDay.DAY);

  final InMemorySchemaRegistryClient registryClient = new InMemorySchemaRegistryClient();
  final Serde<StyleCode> codeSerde = AvroSerde.specific(StyleCode.class, registryClient);
  final Serde<PoolEntry> poolSerde = AvroSerde.specific(PoolEntry.class, registryClient);
  @TempDir Path stateDir;

  SimpleMeterRegistry registry;
  CuratorMetrics metrics;
  TopologyTestDriver driver;
  TestInputTopic<String, StyleCode> in;
  TestOutputTopic<String, PoolEntry> pool;
  TestOutputTopic<String, byte[]> dlq;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  /** Capacity 8 split over clear, snow, unknown, external: 2 slots each. TTL 1 h. */
  static Map<String, Object> config(Map<String, Object> overrides) {
    Map<String, Object> m = new HashMap<>();
    m.put(CuratorConfig.CODEC_ID, CODEC);
    m.put(CuratorConfig.NUM_STYLES, L);
    m.put(CuratorConfig.STYLE_DIM, D);
    m.put(CuratorConfig.CAPACITY, 8);
    m.put(CuratorConfig.QUOTAS, "clear:1,snow:1,unknown:1,external:1");
    m.put(CuratorConfig.MAX_SIMILARITY, 0.9);
    m.put(CuratorConfig.TTL_MS, 60 * MIN);
    m.put(CuratorConfig.TTL_CHECK_INTERVAL_MS, MIN);
    m.putAll(overrides);
    return m;
  }

  void start(Map<String, Object> overrides) {
    CuratorConfig config = new CuratorConfig(config(overrides));
    registry = new SimpleMeterRegistry();
    metrics = new CuratorMetrics(registry, T0::toEpochMilli);
    Properties p = config.streamsProperties();
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(
        CuratorTopology.buildTopology(config, codeSerde, poolSerde, metrics), p, T0);
    in = driver.createInputTopic(config.inputTopic(), new StringSerializer(), codeSerde.serializer());
    pool = driver.createOutputTopic(config.poolTopic(), new StringDeserializer(), poolSerde.deserializer());
    dlq = driver.createOutputTopic(config.dlqTopic(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  void start() {
    start(Map.of());
  }

  /** One-hot direction i (mod L*D), optionally tilted toward i+1 by t: cos to e_i = 1/sqrt(1+t^2). */
  static float[] dir(int i, float t) {
    float[] v = new float[L * D];
    v[i % v.length] = 1f;
    v[(i + 1) % v.length] += t;
    return v;
  }

  static StyleCode fleet(String id, float[] v, ConditionTags tags, long ageMs) {
    return code(id, CODEC, L, D, v, Origin.FLEET, tags, T0.toEpochMilli() - ageMs);
  }

  void send(StyleCode c) {
    in.pipeInput(c.getImageId(), c, T0);
  }

  KeyValueStore<String, PoolEntry> slots() {
    return driver.getKeyValueStore(CuratorTopology.SLOT_STORE);
  }

  double rejections(String reason) {
    return metrics.count("issa.curator.rejections", "reason", reason);
  }

  static String header(TestRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void admitsIntoTheBucketOfItsConditionsAndPublishesTheSlot() {
    start();
    send(fleet("img-1", dir(0, 0), CLEAR, MIN));
    send(fleet("img-2", dir(2, 0), SNOW, MIN));
    List<TestRecord<String, PoolEntry>> out = pool.readRecordsToList();
    assertEquals(2, out.size());
    assertEquals("clear/0", out.get(0).key());
    PoolEntry e = out.get(0).value();
    assertEquals("clear", e.getBucket());
    assertEquals("img-1", e.getStyle().getImageId());
    assertEquals(1.0, e.getNovelty(), 1e-12);
    assertEquals(T0, e.getAdmittedTimeMs());
    assertEquals("snow/0", out.get(1).key());
    assertEquals("img-1", slots().get("clear/0").getStyle().getImageId());
    assertEquals(1.0, metrics.count("issa.curator.admissions", "bucket", "clear", "origin", "fleet"));
    assertEquals(1, metrics.entries("snow"));
  }

  @Test
  void duplicateImageIdIsRejectedEvenWithOtherCodes() {
    start();
    send(fleet("img-1", dir(0, 0), CLEAR, MIN));
    send(fleet("img-1", dir(4, 0), CLEAR, MIN));
    assertEquals(1, pool.readRecordsToList().size());
    assertEquals(1.0, rejections("duplicate"));
    assertTrue(dlq.isEmpty(), "a duplicate is a curation outcome, not poison");
  }

  @Test
  void codeTooSimilarToAnEntryOfItsBucketIsRejectedButFitsAnotherBucket() {
    start();
    send(fleet("a", dir(0, 0), CLEAR, MIN));
    send(fleet("b", dir(0, 0.2f), CLEAR, MIN)); // cos 0.98 > 0.9
    send(fleet("c", dir(0, 0.2f), SNOW, MIN)); // same codes, other bucket: novel there
    send(fleet("d", dir(0, 0.75f), CLEAR, MIN)); // cos 0.8 <= 0.9
    List<TestRecord<String, PoolEntry>> out = pool.readRecordsToList();
    assertEquals(List.of("clear/0", "snow/0", "clear/1"), out.stream().map(TestRecord::key).toList());
    assertEquals(1 - 0.8, out.get(2).value().getNovelty(), 1e-6);
    assertEquals(1.0, rejections("not-novel"));
  }

  @Test
  void fullBucketReplacesTheOldestEntryInPlace() {
    start();
    send(fleet("a", dir(0, 0), CLEAR, 5 * MIN));
    send(fleet("b", dir(2, 0), CLEAR, 30 * MIN)); // oldest capture
    send(fleet("c", dir(4, 0), CLEAR, 1 * MIN));
    List<TestRecord<String, PoolEntry>> out = pool.readRecordsToList();
    assertEquals(List.of("clear/0", "clear/1", "clear/1"), out.stream().map(TestRecord::key).toList());
    assertEquals("c", out.get(2).value().getStyle().getImageId());
    assertEquals("a", slots().get("clear/0").getStyle().getImageId());
    assertEquals("c", slots().get("clear/1").getStyle().getImageId());
    assertEquals(2, metrics.entries("clear"), "quota of 2 holds");
    assertEquals(1.0, metrics.count("issa.curator.evictions", "bucket", "clear", "cause", "replaced"));
  }

  @Test
  void leastNovelPolicyReplacesTheMostRedundantEntry() {
    start(Map.of(CuratorConfig.REPLACEMENT, "least-novel"));
    send(fleet("a", dir(0, 0), CLEAR, 30 * MIN)); // oldest, but unique
    send(fleet("b", dir(2, 0), CLEAR, 5 * MIN));
    send(fleet("c", dir(2, 0.8f), CLEAR, 1 * MIN)); // cos(b,c) = 0.78: admitted, but b is close
    // with quota 2, c replaced a or b. Oldest would pick a; least-novel: candidate c is closest to b
    List<TestRecord<String, PoolEntry>> out = pool.readRecordsToList();
    assertEquals("clear/1", out.get(2).key());
    assertEquals("a", slots().get("clear/0").getStyle().getImageId());
    assertEquals("c", slots().get("clear/1").getStyle().getImageId());
  }

  @Test
  void externalExemplarsHaveTheirOwnQuota() {
    start();
    for (int i = 0; i < 4; i++) {
      send(code("ext-" + i, CODEC, L, D, dir(i * 2, 0), Origin.EXTERNAL, SNOW,
          T0.toEpochMilli() - (10 - i) * MIN));
    }
    send(fleet("fleet-snow", dir(0, 0), SNOW, MIN));
    List<TestRecord<String, PoolEntry>> out = pool.readRecordsToList();
    assertEquals(List.of("external/0", "external/1", "external/0", "external/1", "snow/0"),
        out.stream().map(TestRecord::key).toList());
    assertEquals("ext-2", slots().get("external/0").getStyle().getImageId());
    assertEquals(Origin.EXTERNAL, slots().get("external/1").getStyle().getOrigin());
    assertEquals(2, metrics.entries("external"));
    assertEquals(1, metrics.entries("snow"), "fleet snow codes are not crowded out by exemplars");
  }

  @Test
  void unknownAndUnlistedConditionsGoToTheCatchAll() {
    start();
    send(fleet("u", dir(0, 0), tags(Weather.UNKNOWN, TimeOfDay.DAY), MIN));
    send(fleet("r", dir(2, 0), tags(Weather.RAIN, TimeOfDay.NIGHT), MIN)); // no rain-night, no night bucket
    assertEquals(List.of("unknown/0", "unknown/1"),
        pool.readRecordsToList().stream().map(TestRecord::key).toList());
  }

  @Test
  void ttlSweepTombstonesExpiredSlotsOnWallClockTime() {
    start();
    send(fleet("old", dir(0, 0), CLEAR, 50 * MIN)); // expires 10 min after T0
    send(fleet("new", dir(2, 0), CLEAR, 0));
    assertEquals(2, pool.readRecordsToList().size());
    driver.advanceWallClockTime(Duration.ofMinutes(9));
    assertTrue(pool.isEmpty());
    driver.advanceWallClockTime(Duration.ofMinutes(2));
    List<TestRecord<String, PoolEntry>> out = pool.readRecordsToList();
    assertEquals(1, out.size());
    assertEquals("clear/0", out.get(0).key());
    assertNull(out.get(0).value(), "eviction is a tombstone");
    assertNull(slots().get("clear/0"));
    assertNotNull(slots().get("clear/1"));
    assertEquals(1.0, metrics.count("issa.curator.evictions", "bucket", "clear", "cause", "ttl"));
    // the freed slot is reused by the next admission
    in.pipeInput("next", fleet("next", dir(4, 0), CLEAR, 0), T0.plus(Duration.ofMinutes(11)));
    assertEquals("clear/0", pool.readRecord().key());
  }

  @Test
  void codeOlderThanTtlOnArrivalIsRejected() {
    start();
    send(fleet("stale", dir(0, 0), CLEAR, 61 * MIN));
    assertTrue(pool.isEmpty());
    assertEquals(1.0, rejections("expired"));
  }

  @Test
  void admissionAgeBasisIgnoresCaptureTime() {
    start(Map.of(CuratorConfig.AGE_BASIS, "admission"));
    send(fleet("stale", dir(0, 0), CLEAR, 61 * MIN));
    assertEquals("clear/0", pool.readRecord().key());
    driver.advanceWallClockTime(Duration.ofMinutes(59));
    assertTrue(pool.isEmpty());
    driver.advanceWallClockTime(Duration.ofMinutes(2));
    assertNull(pool.readRecord().value());
  }

  @Test
  void zeroQuotaBucketRejects() {
    start(Map.of(CuratorConfig.QUOTAS, "clear:1,unknown:1,external:0"));
    send(code("e", CODEC, L, D, dir(0, 0), Origin.EXTERNAL, CLEAR, T0.toEpochMilli()));
    assertTrue(pool.isEmpty());
    assertEquals(1.0, rejections("no-quota"));
  }

  @Test
  void unusableRecordsGoToTheDeadLetterTopicWithReasonAndOriginalBytes() {
    start();
    StyleCode otherCodec = code("x1", "issa-stylegan2", L, D, dir(0, 0), Origin.FLEET, CLEAR, T0.toEpochMilli());
    StyleCode otherShape = code("x2", CODEC, 1, 8, dir(0, 0), Origin.FLEET, CLEAR, T0.toEpochMilli());
    StyleCode shortBytes = code("x3", CODEC, L, D, new float[] {1, 2, 3}, Origin.FLEET, CLEAR, T0.toEpochMilli());
    StyleCode nan = code("x4", CODEC, L, D, new float[] {1, Float.NaN, 0, 0, 0, 0, 0, 0}, Origin.FLEET,
        CLEAR, T0.toEpochMilli());
    send(otherCodec);
    send(otherShape);
    send(shortBytes);
    send(nan);
    send(fleet("good", dir(0, 0), CLEAR, MIN)); // the curator carries on
    assertEquals("clear/0", pool.readRecord().key());

    List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
    assertEquals(List.of("x1", "x2", "x3", "x4"), dead.stream().map(TestRecord::key).toList());
    assertEquals(List.of("codec-mismatch", "shape-mismatch", "invalid-codes", "invalid-codes"),
        dead.stream().map(r -> header(r, DeadLetterHandlers.H_REASON)).toList());
    assertArrayEquals(codeSerde.serializer().serialize("style.codes", otherCodec), dead.get(0).value());
    assertEquals("style.codes", header(dead.get(0), DeadLetterHandlers.H_TOPIC));
    assertEquals("1", header(dead.get(1), DeadLetterHandlers.H_OFFSET));
    assertEquals("curator.validate", header(dead.get(0), DeadLetterHandlers.H_STAGE));
    assertTrue(header(dead.get(0), DeadLetterHandlers.H_MESSAGE).contains("issa-stylegan2"));
    assertEquals(1.0, rejections("codec-mismatch"));
    assertEquals(2.0, rejections("invalid-codes"));
  }
}
