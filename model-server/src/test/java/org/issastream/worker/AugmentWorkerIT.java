package org.issastream.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecLoader;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.ConditionIds;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.ImageRole;
import org.issastream.schemas.Payload;
import org.issastream.schemas.Split;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.schemas.serde.AvroSerializer;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The augment worker against the real broker and registry, with the TorchScript test codec:
 * exactly N·K samples with byte-identical labels, dead letters for poison input, and a crash
 * mid-transaction that leaves neither loss nor duplicates after restart.
 */
@ExtendWith(IssaClusterExtension.class)
class AugmentWorkerIT {
  private static final int K = 3;
  private static Codec codec;

  @BeforeAll
  static void loadCodec() throws Exception {
    Path dir = Path.of(AugmentWorkerIT.class.getResource("/fixtures/tiny-codec/manifest.json").toURI()).getParent();
    codec = CodecLoader.load(dir, "cpu");
  }

  @AfterAll
  static void closeCodec() {
    codec.close();
  }

  record Topics(String images, String exemplars, String codes, String pool, String augmented, String proxy, String dlq) {
    static Topics create(TestCluster cluster) {
      Topics t = new Topics(cluster.uniqueTopic("fleet.images"), cluster.uniqueTopic("fleet.exemplars"),
          cluster.uniqueTopic("style.codes"), cluster.uniqueTopic("style.pool"), cluster.uniqueTopic("augmented"),
          cluster.uniqueTopic("proxy"), cluster.uniqueTopic("dlq"));
      cluster.createTopic(t.images, 2, Map.of());
      cluster.createTopics(t.exemplars, t.codes, t.augmented, t.proxy, t.dlq);
      cluster.createTopic(t.pool, 1, Map.of("cleanup.policy", "compact"));
      return t;
    }
  }

  private static Map<String, Object> workerProps(TestCluster cluster, Topics t, String group) {
    Map<String, Object> m = new HashMap<>();
    m.put(WorkerConfig.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
    m.put(WorkerConfig.REGISTRY_URL, cluster.registryUrl());
    m.put(WorkerConfig.GROUP_ID, group);
    m.put(WorkerConfig.TOPIC_IMAGES, t.images);
    m.put(WorkerConfig.TOPIC_EXEMPLARS, t.exemplars);
    m.put(WorkerConfig.TOPIC_STYLE_CODES, t.codes);
    m.put(WorkerConfig.TOPIC_POOL, t.pool);
    m.put(WorkerConfig.TOPIC_AUGMENTED, t.augmented);
    m.put(WorkerConfig.TOPIC_PROXY, t.proxy);
    m.put(WorkerConfig.TOPIC_DLQ, t.dlq);
    m.put(WorkerConfig.VARIANTS, K);
    m.put(WorkerConfig.BATCH_MAX_RECORDS, 4);
    m.put(WorkerConfig.BATCH_MAX_DELAY_MS, 100L);
    m.put(WorkerConfig.POOL_WAIT_MS, 2000L);
    m.put(WorkerConfig.HTTP_PORT, -1);
    return m;
  }

  /** A SynthDrive scene brought to the codec's size, so labels pass through byte-identical. */
  private static FleetImage scene(String id, long seed, Condition c, Split split, boolean labelled) {
    org.issastream.synthdrive.Scene s = SynthDrive.render(seed, c, Place.values()[(int) (seed % Place.values().length)], 128, 64);
    int w = codec.manifest().width();
    int h = codec.manifest().height();
    RgbImage img = Images.fit(s.image(), w, h);
    LabelMap label = Images.fit(s.label(), w, h);
    return FleetImage.newBuilder()
        .setImageId(id)
        .setSource("it")
        .setCaptureTimeMs(Instant.ofEpochMilli(1_700_000_000_000L + seed))
        .setRole(labelled ? ImageRole.CONTENT : ImageRole.STYLE_ONLY)
        .setSplit(split)
        .setImage(Payloads.png(Images.encodePng(img), w, h))
        .setLabel(labelled ? Payloads.png(Images.encodeLabelPng(label), w, h) : null)
        .setConditions(ConditionIds.tags(c.id(), null))
        .build();
  }

  private static void produce(TestCluster cluster, String topic, List<FleetImage> images, List<byte[][]> raw) {
    AvroSerializer<FleetImage> ser = new AvroSerializer<>();
    ser.configure(cluster.serdeConfig(), false);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (FleetImage f : images) {
        p.send(new ProducerRecord<>(topic, f.getImageId().getBytes(StandardCharsets.UTF_8), ser.serialize(topic, f)));
      }
      for (byte[][] kv : raw) {
        p.send(new ProducerRecord<>(topic, kv[0], kv[1]));
      }
      p.flush();
    }
  }

  /** Everything committed on a topic, read until {@code expected} records or the deadline. */
  private static List<ConsumerRecord<byte[], byte[]>> readCommitted(TestCluster cluster, String topic, int expected,
      Duration timeout) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(pi -> new org.apache.kafka.common.TopicPartition(topic, pi.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.currentTimeMillis() + timeout.toMillis();
      while (System.currentTimeMillis() < deadline && out.size() < expected) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      // linger briefly: anything beyond `expected` would be a duplicate
      long extra = System.currentTimeMillis() + 1500;
      while (System.currentTimeMillis() < extra) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** {@code n} labelled TRAIN scenes {@code <prefix>0..n-1} over the conditions, seeds from {@code seed}. */
  private static List<FleetImage> trainScenes(String prefix, long seed, int n) {
    List<FleetImage> fleet = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fleet.add(scene(prefix + i, seed + i, Condition.values()[i % 7], Split.TRAIN, true));
    }
    return fleet;
  }

  /** Asserts that {@code topic} holds, read committed, exactly the K sample ids of each scene. */
  private static void assertExactlyTheSamplesOf(TestCluster cluster, String topic, String prefix, int n, String why) {
    List<ConsumerRecord<byte[], byte[]>> samples = readCommitted(cluster, topic, n * K, Duration.ofSeconds(120));
    List<String> ids = samples.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted().toList();
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < K; k++) {
        expected.add(prefix + i + "__v" + k);
      }
    }
    assertEquals(new ArrayList<>(expected), ids, why);
  }

  private static AvroDeserializer<Object> reader(TestCluster cluster) {
    AvroDeserializer<Object> d = new AvroDeserializer<>();
    Map<String, Object> cfg = new HashMap<>(cluster.serdeConfig());
    cfg.put("specific.avro.reader", true);
    d.configure(cfg, false);
    return d;
  }

  private static Thread start(AugmentWorker w) {
    Thread t = new Thread(w, "augment-worker");
    t.start();
    return t;
  }

  @Test
  void augmentsEveryLabelledImageKTimesWithItsLabelAndDeadLettersPoison(TestCluster cluster) throws Exception {
    Topics t = Topics.create(cluster);
    List<FleetImage> fleet = new ArrayList<>();
    Condition[] conds = Condition.values();
    for (int i = 0; i < 6; i++) {
      fleet.add(scene("img-" + i, 9_100_000L + i, conds[i % 2], Split.TRAIN, true));
    }
    fleet.add(scene("val-0", 9_100_100L, Condition.CLEAR, Split.VAL, true));
    fleet.add(scene("unlabelled-0", 9_100_200L, Condition.RAIN, Split.NONE, false));
    // poison: garbage bytes, a truncated PNG, a label of the wrong size, a wrong magic byte
    FleetImage good = scene("x", 9_100_300L, Condition.CLEAR, Split.TRAIN, true);
    AvroSerializer<FleetImage> ser = new AvroSerializer<>();
    ser.configure(cluster.serdeConfig(), false);
    byte[] png = ByteBuffer.wrap(good.getImage().getData().array()).array();
    FleetImage truncated = FleetImage.newBuilder(good).setImageId("truncated")
        .setImage(Payloads.png(Arrays.copyOf(png, png.length / 2), 32, 16)).build();
    RgbImage big = RgbImage.filled(64, 32, 10, 20, 30);
    FleetImage mismatch = FleetImage.newBuilder(good).setImageId("mismatch")
        .setImage(Payloads.png(Images.encodePng(big), 64, 32)).build();
    byte[] wrongMagic = ser.serialize(t.images, good).clone();
    wrongMagic[0] = 7;
    produce(cluster, t.images, fleet, List.of(
        new byte[][] {"garbage".getBytes(StandardCharsets.UTF_8), "not avro at all".getBytes(StandardCharsets.UTF_8)},
        new byte[][] {"truncated".getBytes(StandardCharsets.UTF_8), ser.serialize(t.images, truncated)},
        new byte[][] {"mismatch".getBytes(StandardCharsets.UTF_8), ser.serialize(t.images, mismatch)},
        new byte[][] {"magic".getBytes(StandardCharsets.UTF_8), wrongMagic}));
    produce(cluster, t.exemplars, List.of(
        scene("ex-night", 9_100_400L, Condition.NIGHT, Split.NONE, false),
        scene("ex-fog", 9_100_401L, Condition.FOG, Split.NONE, false)), List.of());

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AugmentWorker worker = new AugmentWorker(new WorkerConfig(workerProps(cluster, t, cluster.uniqueGroup("w"))),
        codec, registry, WorkerHooks.NONE);
    Thread thread = start(worker);
    try {
      List<ConsumerRecord<byte[], byte[]>> samples = readCommitted(cluster, t.augmented, 6 * K, Duration.ofSeconds(90));
      List<ConsumerRecord<byte[], byte[]>> dlq = readCommitted(cluster, t.dlq, 4, Duration.ofSeconds(30));
      List<ConsumerRecord<byte[], byte[]>> codes = readCommitted(cluster, t.codes, 10, Duration.ofSeconds(30));
      List<ConsumerRecord<byte[], byte[]>> proxy = readCommitted(cluster, t.proxy, 1, Duration.ofSeconds(30));

      assertEquals(6 * K, samples.size(), "exactly N*K augmented samples");
      AvroDeserializer<Object> d = reader(cluster);
      Map<String, FleetImage> byId = new HashMap<>();
      fleet.forEach(f -> byId.put(f.getImageId(), f));
      Set<String> ids = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> r : samples) {
        AugmentedSample s = (AugmentedSample) d.deserialize(t.augmented, r.value());
        assertTrue(ids.add(s.getSampleId()), "duplicate " + s.getSampleId());
        assertEquals(s.getSampleId(), new String(r.key(), StandardCharsets.UTF_8));
        FleetImage content = byId.get(s.getContentId());
        assertNotNull(content, "unknown content " + s.getContentId());
        assertArrayEquals(Payloads.bytes(content.getLabel()), Payloads.bytes(s.getLabel()), "label must be byte-identical");
        assertEquals(content.getConditions(), s.getContentConditions());
        assertTrue(!s.getStyleId().equals(s.getContentId()), "a variant takes another image's style");
        assertEquals(codec.manifest().id(), s.getCodecId());
        RgbImage out = Images.decode(Payloads.bytes(s.getImage()), s.getSampleId(), org.issastream.synthdrive.image.ImageLimits.DEFAULT);
        assertEquals(codec.manifest().width(), out.width());
        assertEquals(Split.TRAIN, s.getSplit());
      }
      Set<String> expected = new TreeSet<>();
      for (int i = 0; i < 6; i++) {
        for (int k = 0; k < K; k++) {
          expected.add("img-" + i + "__v" + k);
        }
      }
      assertEquals(expected, new TreeSet<>(ids));

      assertEquals(4, dlq.size(), "one dead letter per poison record");
      Map<String, String> stageByKey = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : dlq) {
        stageByKey.put(new String(r.key(), StandardCharsets.UTF_8), DeadLetters.header(r.headers(), DeadLetters.ERROR_STAGE));
        assertEquals(t.images, DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC));
        assertNotNull(DeadLetters.header(r.headers(), DeadLetters.ERROR_MESSAGE));
      }
      assertEquals(Map.of("garbage", "deserialize", "truncated", "decode", "mismatch", "validate", "magic", "deserialize"),
          stageByKey);
      ConsumerRecord<byte[], byte[]> garbage = dlq.stream()
          .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("garbage")).findFirst().orElseThrow();
      assertArrayEquals("not avro at all".getBytes(StandardCharsets.UTF_8), garbage.value(), "original bytes kept");

      // every decodable image (8 fleet + 2 exemplars) yields one style code; exemplars are EXTERNAL
      assertEquals(10, codes.size());
      long external = codes.stream().map(r -> (StyleCode) d.deserialize(t.codes, r.value()))
          .filter(s -> s.getOrigin() == org.issastream.schemas.Origin.EXTERNAL).count();
      assertEquals(2, external);
      assertTrue(proxy.size() >= 1, "the VAL image is restyled into the proxy set");
      AugmentedSample p = (AugmentedSample) d.deserialize(t.proxy, proxy.get(0).value());
      assertEquals("val-0", p.getContentId());
      assertEquals(Split.VAL, p.getSplit());

      String scrape = registry.scrape();
      assertTrue(scrape.contains("issa_worker_dlq_total{reason=\"deserialize\"} 2.0"), scrape);
      assertTrue(worker.ready());
    } finally {
      worker.close();
      thread.join(30_000);
    }
  }

  @Test
  void crashMidTransactionThenRestartYieldsExactlyTheUninterruptedOutput(TestCluster cluster) throws Exception {
    Topics t = Topics.create(cluster);
    produce(cluster, t.images, trainScenes("c-", 9_200_000L, 8), List.of());
    String group = cluster.uniqueGroup("crash");
    AtomicBoolean crashed = new AtomicBoolean();
    AugmentWorker first = new AugmentWorker(new WorkerConfig(workerProps(cluster, t, group)), codec,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new WorkerHooks() {
          @Override
          public void afterSend(long batchIndex) {
            if (batchIndex == 1 && crashed.compareAndSet(false, true)) {
              throw new AugmentWorker.SimulatedCrash("after sending batch 1, before commit");
            }
          }
        });
    Thread t1 = start(first);
    t1.join(120_000);
    assertTrue(crashed.get(), "the hook crashed the first worker");
    assertTrue(first.failure() instanceof AugmentWorker.SimulatedCrash);

    AugmentWorker second = new AugmentWorker(new WorkerConfig(workerProps(cluster, t, group)), codec,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), WorkerHooks.NONE);
    Thread t2 = start(second);
    try {
      assertExactlyTheSamplesOf(cluster, t.augmented, "c-", 8, "no loss, no duplicates across the crash");
    } finally {
      second.close();
      t2.join(30_000);
    }
  }

  @Test
  void anAbortedTransactionIsRedoneWithTheBatchesBehindItAndNothingIsLostOrDuplicated(TestCluster cluster)
      throws Exception {
    Topics t = Topics.create(cluster);
    produce(cluster, t.images, trainScenes("a-", 9_400_000L, 16), List.of());
    Map<String, Object> props = workerProps(cluster, t, cluster.uniqueGroup("abort"));
    props.put(WorkerConfig.PIPELINE_DEPTH, 3);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean failed = new AtomicBoolean();
    AtomicInteger sendsAfterAbort = new AtomicInteger();
    AugmentWorker worker = new AugmentWorker(new WorkerConfig(props), codec, registry, new WorkerHooks() {
      @Override
      public void afterSend(long batchIndex) {
        if (failed.get()) {
          sendsAfterAbort.incrementAndGet();
        }
        if (batchIndex == 1 && failed.compareAndSet(false, true)) {
          try {
            Thread.sleep(1500); // let the batches behind this one finish their compute meanwhile
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          // a non-fatal transaction error: the worker aborts and reads the batch again
          throw new org.apache.kafka.common.KafkaException("injected transaction failure of batch 1");
        }
      }
    });
    Thread thread = start(worker);
    try {
      assertExactlyTheSamplesOf(cluster, t.augmented, "a-", 16, "no loss, no duplicates across the abort");
      assertTrue(failed.get());
      assertEquals(1.0, registry.get("issa.worker.transactions.aborted").counter().count());
      // 16 images in batches of 4: batch 0 committed, batch 1 aborted, then 3 batches re-sent and committed
      assertTrue(sendsAfterAbort.get() >= 3, "batches re-sent after the abort: " + sendsAfterAbort.get());
      assertEquals(16 * K, registry.get("issa.worker.records.out").tag("topic", t.augmented).counter().count(),
          "records.out counts committed samples only");
      assertTrue(worker.failure() == null, String.valueOf(worker.failure()));
    } finally {
      worker.close();
      thread.join(30_000);
    }
  }

  @Test
  void aFailedBatchStopsTheWorkerBeforeAnyBatchBehindItCommitsAndARestartLosesNothing(TestCluster cluster)
      throws Exception {
    Topics t = Topics.create(cluster);
    produce(cluster, t.images, trainScenes("f-", 9_500_000L, 16), List.of());
    String group = cluster.uniqueGroup("fail");
    Map<String, Object> props = workerProps(cluster, t, group);
    props.put(WorkerConfig.PIPELINE_DEPTH, 3);
    AtomicBoolean failed = new AtomicBoolean();
    AugmentWorker first = new AugmentWorker(new WorkerConfig(props), codec,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new WorkerHooks() {
          @Override
          public void afterCompute(long batchSequence) {
            if (batchSequence == 1 && failed.compareAndSet(false, true)) {
              // a bug in the compute stage: this batch never reaches its transaction, and the
              // batches behind it (already polled, depth 3) must not commit past its records
              throw new IllegalStateException("injected bug in the compute of batch 1");
            }
          }
        });
    Thread t1 = start(first);
    t1.join(120_000);
    assertTrue(failed.get());
    assertTrue(first.failure() instanceof IllegalStateException, String.valueOf(first.failure()));
    assertEquals(1, first.batches(), "only batch 0 committed; nothing behind the failed batch");

    AugmentWorker second = new AugmentWorker(new WorkerConfig(props), codec,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), WorkerHooks.NONE);
    Thread t2 = start(second);
    try {
      assertExactlyTheSamplesOf(cluster, t.augmented, "f-", 16, "no loss, no duplicates after the failure and restart");
    } finally {
      second.close();
      t2.join(30_000);
    }
  }

  @Test
  void aBatchLongerThanMaxPollIntervalKeepsItsPartitionsAndCommits(TestCluster cluster) throws Exception {
    Topics t = Topics.create(cluster);
    produce(cluster, t.images, trainScenes("slow-", 9_300_000L, 6), List.of());
    Map<String, Object> props = workerProps(cluster, t, cluster.uniqueGroup("slow"));
    props.put("kafka.max.poll.interval.ms", 2000);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AugmentWorker worker = new AugmentWorker(new WorkerConfig(props), codec, registry, new WorkerHooks() {
      @Override
      public void afterSend(long batchIndex) {
        try {
          Thread.sleep(3500); // each batch takes longer than max.poll.interval.ms
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    Thread thread = start(worker);
    try {
      assertExactlyTheSamplesOf(cluster, t.augmented, "slow-", 6, "no loss, no duplicates");
      assertEquals(0.0, registry.get("issa.worker.transactions.aborted").counter().count(),
          "the paused consumer stayed in the group, so no transaction was aborted");
      assertTrue(worker.failure() == null, String.valueOf(worker.failure()));
    } finally {
      worker.close();
      thread.join(30_000);
    }
  }
}
