package org.issastream.streams.curator;

import static org.issastream.streams.curator.CuratorTopologyTest.CODEC;
import static org.issastream.streams.curator.CuratorTopologyTest.D;
import static org.issastream.streams.curator.CuratorTopologyTest.L;
import static org.issastream.streams.curator.CuratorTopologyTest.dir;
import static org.issastream.streams.testing.Codes.code;
import static org.issastream.streams.testing.Codes.tags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.issastream.schemas.Origin;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.issastream.schemas.pool.PoolReplica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curator on a real KRaft broker and the real schema registry (HTTP): exactly-once admission, repartitioning by bucket over a
 * 2-partition input, dead letters (including undeserializable bytes), the HTTP endpoint, a restart
 * that restores the pool from the changelog into an empty state directory, and two independent
 * {@link PoolReplica}s that converge to the curator's pool.
 */
@ExtendWith(IssaClusterExtension.class)
class CuratorIT {

  static final Duration TIMEOUT = TestCluster.defaultTimeout();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path stateA;
  @TempDir Path stateB;

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void curatesExactlyOnceSurvivesRestartAndReplicasConverge(TestCluster cluster) throws Exception {
    String in = cluster.uniqueTopic("style.codes");
    String out = cluster.uniqueTopic("style.pool");
    String dlq = cluster.uniqueTopic("style.codes.dlq");
    cluster.createTopic(in, 2, Map.of());
    String registry = cluster.registryUrl(); // the project's registry over HTTP, on _schemas

    Map<String, Object> props = new HashMap<>();
    props.put(CuratorConfig.CODEC_ID, CODEC);
    props.put(CuratorConfig.NUM_STYLES, L);
    props.put(CuratorConfig.STYLE_DIM, D);
    props.put(CuratorConfig.CAPACITY, 8);
    props.put(CuratorConfig.QUOTAS, "clear:1,snow:1,unknown:1,external:1");
    props.put(CuratorConfig.MAX_SIMILARITY, 0.9);
    props.put(CuratorConfig.INPUT_TOPIC, in);
    props.put(CuratorConfig.POOL_TOPIC, out);
    props.put(CuratorConfig.DLQ_TOPIC, dlq);
    props.put(CuratorConfig.HTTP_PORT, 0);
    props.put("serde.schema.registry.url", registry);
    props.put("streams.application.id", cluster.uniqueGroup("curator"));
    props.put("streams.bootstrap.servers", cluster.bootstrapServers());
    props.put("streams.state.dir", stateA.toString());
    props.put("streams.num.stream.threads", 1);
    CuratorConfig config = new CuratorConfig(props);
    Serde<StyleCode> codes = CuratorSerdes.codes(config);
    Serde<PoolEntry> pool = CuratorSerdes.pool(config);

    long now = System.currentTimeMillis();
    List<StyleCode> batch1 = List.of(
        code("c1", CODEC, L, D, dir(0, 0), Origin.FLEET, tags(Weather.CLEAR, TimeOfDay.DAY), now),
        code("c2", CODEC, L, D, dir(2, 0), Origin.FLEET, tags(Weather.CLEAR, TimeOfDay.DAY), now),
        code("s1", CODEC, L, D, dir(4, 0), Origin.FLEET, tags(Weather.SNOW, TimeOfDay.DAY), now),
        code("u1", CODEC, L, D, dir(6, 0), Origin.FLEET, tags(Weather.UNKNOWN, TimeOfDay.UNKNOWN), now),
        code("e1", CODEC, L, D, dir(1, 0), Origin.EXTERNAL, tags(Weather.SNOW, TimeOfDay.DAY), now),
        code("c1", CODEC, L, D, dir(5, 0), Origin.FLEET, tags(Weather.CLEAR, TimeOfDay.DAY), now), // dup
        code("bad", "other-codec", L, D, dir(0, 0), Origin.FLEET, tags(Weather.CLEAR, TimeOfDay.DAY), now));

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig());
        PoolReplica replica1 = new PoolReplica(cluster.consumerConfig("unused"), out, pool.deserializer());
        PoolReplica replica2 = new PoolReplica(cluster.consumerConfig("unused"), out, pool.deserializer())) {
      replica1.start();
      try (CuratorApp app = new CuratorApp(config, codes, pool).start()) {
        assertTrue(app.awaitRunning(TIMEOUT), "curator RUNNING, state " + app.state());
        for (StyleCode c : batch1) {
          send(producer, in, c.getImageId(), codes.serializer().serialize(in, c));
        }
        send(producer, in, "garbage", "not avro at all".getBytes(StandardCharsets.UTF_8));
        producer.flush();

        await("5 admissions in replica 1", () -> replica1.size() == 5);
        Set<String> expected = Set.of("clear/0", "clear/1", "snow/0", "unknown/0", "external/0");
        assertEquals(expected, replica1.snapshot().keySet());

        // the HTTP endpoint answers from the state store
        JsonNode poolJson = get(app.httpPort(), "/pool");
        assertEquals(5, poolJson.get("size").asInt());
        JsonNode snow = get(app.httpPort(), "/pool/snow/0");
        assertEquals("s1", snow.get("imageId").asText());
        String metrics = getText(app.httpPort(), "/metrics");
        assertTrue(metrics.contains("issa_curator_admissions_total{bucket=\"clear\",origin=\"fleet\"} 2.0"), metrics);
        assertTrue(metrics.contains("issa_curator_rejections_total{reason=\"duplicate\"} 1.0"));
        assertTrue(metrics.contains("issa_curator_pool_entries{bucket=\"clear\"} 2.0"));
      }

      // dead letters: the codec mismatch and the undeserializable bytes, with reasons
      Map<String, String> reasons = deadLetterReasons(cluster, dlq, 2);
      assertEquals(Map.of("bad", "codec-mismatch", "garbage", "deserialization"), reasons);

      // restart into an EMPTY state directory: the pool must come back from the changelog
      props.put("streams.state.dir", stateB.toString());
      CuratorConfig config2 = new CuratorConfig(props);
      try (CuratorApp app = new CuratorApp(config2, codes, pool).start()) {
        assertTrue(app.awaitRunning(TIMEOUT), "restarted curator RUNNING");
        assertEquals(5, get(app.httpPort(), "/pool").get("size").asInt(), "pool restored");
        List<StyleCode> batch2 = List.of(
            code("c1", CODEC, L, D, dir(3, 0), Origin.FLEET, tags(Weather.CLEAR, TimeOfDay.DAY), now), // dup
            code("s1", CODEC, L, D, dir(7, 0), Origin.FLEET, tags(Weather.SNOW, TimeOfDay.DAY), now), // dup
            code("s2", CODEC, L, D, dir(7, 0), Origin.FLEET, tags(Weather.SNOW, TimeOfDay.DAY), now + 1),
            code("c3", CODEC, L, D, dir(3, 0), Origin.FLEET, tags(Weather.CLEAR, TimeOfDay.DAY), now + 2));
        for (StyleCode c : batch2) {
          send(producer, in, c.getImageId(), codes.serializer().serialize(in, c));
        }
        producer.flush();
        await("s2 admitted", () -> replica1.entries("snow").size() == 2);
        await("c3 admitted", () -> replica1.entries("clear").stream()
            .anyMatch(e -> e.getStyle().getImageId().equals("c3")));
        assertEquals(2.0, app.metrics().count("issa.curator.rejections", "reason", "duplicate"),
            "dedup memory restored with the pool");
      }

      // a replica started later, from the beginning of the compacted topic, converges to the same pool
      replica2.start();
      assertTrue(replica2.awaitCaughtUp(TIMEOUT));
      assertTrue(replica1.awaitCaughtUp(TIMEOUT));
      assertEquals(replica1.snapshot(), replica2.snapshot());
      Map<String, String> slotToImage = new TreeMap<>();
      replica2.snapshot().forEach((k, v) -> slotToImage.put(k, v.getStyle().getImageId()));
      // clear holds 2 slots: c1 or c2 was replaced by c3 (oldest first), never a third slot
      assertEquals(Set.of("clear/0", "clear/1", "snow/0", "snow/1", "unknown/0", "external/0"),
          slotToImage.keySet());
      assertTrue(slotToImage.containsValue("c3") && slotToImage.containsValue("s2"));
      assertEquals(6, Set.copyOf(slotToImage.values()).size(), "no image in two slots");
      assertEquals(0, replica2.skipped());
    }
  }

  static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value) throws Exception {
    p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  static Map<String, String> deadLetterReasons(TestCluster cluster, String dlq, int n) throws Exception {
    Map<String, Object> c = cluster.consumerConfig(cluster.uniqueGroup("dlq-reader"));
    c.put("isolation.level", "read_committed");
    Map<String, String> reasons = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(dlq));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (reasons.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          reasons.put(new String(r.key(), StandardCharsets.UTF_8),
              new String(r.headers().lastHeader(DeadLetterHandlers.H_REASON).value(), StandardCharsets.UTF_8));
        }
      }
    }
    return reasons;
  }

  static String getText(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }

  static JsonNode get(int port, String path) throws Exception {
    return JSON.readTree(getText(port, path));
  }

}
