package org.issastream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.MixParams;
import org.issastream.schemas.Origin;
import org.issastream.schemas.Split;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.schemas.serde.AvroSerializer;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.dataset.DatasetLayout;
import org.issastream.synthdrive.dataset.Manifest;
import org.issastream.synthdrive.dataset.SynthDataset;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** synth → produce → real broker + registry → consumers; and augmented samples → consume → dataset. */
@ExtendWith(IssaClusterExtension.class)
class ProduceConsumeIT {
  @TempDir Path dir;

  private static int run(String... args) {
    CommandLine cl = IssaMain.commandLine();
    cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
    return cl.execute(args);
  }

  private static List<ConsumerRecord<String, Object>> poll(Map<String, Object> cfg, String topic, int n) {
    List<ConsumerRecord<String, Object>> got = new ArrayList<>();
    try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(cfg)) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TestCluster.defaultTimeout().toNanos();
      while (got.size() < n && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    return got;
  }

  @Test
  void synthProduceConsumeRoundTripsImagesLabelsAndTags(TestCluster cluster) throws Exception {
    Path ds = dir.resolve("synth");
    assertEquals(0, run("synth", "--out", ds.toString(), "--count", "14", "--size", "64x128", "--seed", "3",
        "--threads", "2"));
    Manifest m = Manifest.read(ds);
    String topic = cluster.uniqueTopic("fleet.images");
    cluster.createTopic(topic, 2, Map.of());
    assertEquals(0, run("produce", ds.toString(), "--topic", topic, "--bootstrap-servers", cluster.bootstrapServers(),
        "--registry-url", cluster.registryUrl(), "--source", "synth-it", "--quiet"));

    Map<String, Object> cc = new HashMap<>(cluster.consumerConfig(cluster.uniqueGroup("rt")));
    cc.putAll(cluster.serdeConfig());
    cc.put("specific.avro.reader", true);
    cc.put("key.deserializer", StringDeserializer.class);
    cc.put("value.deserializer", AvroDeserializer.class);
    List<ConsumerRecord<String, Object>> got = poll(cc, topic, 14);
    assertEquals(14, got.size());
    Map<String, Manifest.Entry> byName = new HashMap<>();
    m.images().forEach(e -> byName.put(e.name(), e));
    for (ConsumerRecord<String, Object> r : got) {
      FleetImage fi = (FleetImage) r.value();
      assertEquals(fi.getImageId(), r.key());
      String name = fi.getImageId().substring("synth-it/".length());
      Manifest.Entry e = byName.remove(name);
      assertNotNull(e, "unexpected image " + name);
      // the decoded bytes are the files on disk and the renderer's output
      var expected = SynthDrive.render(e.seed(), Condition.fromId(e.condition()), Place.fromId(e.place()), 128, 64);
      assertEquals(expected.image(), Images.decode(FleetImages.bytes(fi.getImage(), name), name, ImageLimits.DEFAULT));
      assertEquals(expected.label(), Images.decodeLabel(FleetImages.bytes(fi.getLabel(), name), name, ImageLimits.DEFAULT));
      assertEquals(Condition.fromId(e.condition()), ConditionTagsMapping.condition(fi.getConditions()));
      assertEquals(e.place(), fi.getConditions().getPlace());
      assertEquals(e.split().equals("val") ? Split.VAL : Split.TRAIN, fi.getSplit());
      assertEquals(128, fi.getImage().getWidth());
      assertEquals(FleetImages.sha256(FleetImages.bytes(fi.getImage(), name)), fi.getImage().getSha256());
    }
    assertTrue(byName.isEmpty(), "not received: " + byName.keySet());
  }

  @Test
  void invalidFilesAreSkippedAndReported(TestCluster cluster) throws Exception {
    Path plain = dir.resolve("plain");
    Files.createDirectories(plain);
    byte[] good = Images.encodePng(SynthDrive.render(1, Condition.NIGHT, Place.GLASSPORT).image());
    Files.write(plain.resolve("good.png"), good);
    Files.write(plain.resolve("truncated.png"), Arrays.copyOf(good, good.length / 3));
    Files.writeString(plain.resolve("fake.jpg"), "no image here");
    String topic = cluster.uniqueTopic("fleet.exemplars");
    cluster.createTopic(topic, 1, Map.of());
    PrintStream oldOut = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      rc = run("produce", plain.toString(), "--topic", topic, "--role", "style-only", "--bootstrap-servers",
          cluster.bootstrapServers(), "--registry-url", cluster.registryUrl(), "--quiet");
    } finally {
      System.setOut(oldOut);
    }
    String report = buf.toString(StandardCharsets.UTF_8);
    assertEquals(2, rc, report);
    assertTrue(report.contains("2 invalid skipped"), report);
    assertTrue(report.contains("truncated.png") && report.contains("fake.jpg"), report);
    assertEquals(0, run("produce", plain.toString(), "--topic", topic, "--role", "style-only", "--skip-invalid",
        "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.registryUrl(), "--quiet"));
    Map<String, Object> cc = new HashMap<>(cluster.consumerConfig(cluster.uniqueGroup("ex")));
    cc.putAll(cluster.serdeConfig());
    cc.put("specific.avro.reader", true);
    cc.put("key.deserializer", StringDeserializer.class);
    cc.put("value.deserializer", AvroDeserializer.class);
    List<ConsumerRecord<String, Object>> got = poll(cc, topic, 2);
    assertEquals(2, got.size(), "the good image, once per run, under the same key");
    assertEquals(got.get(0).key(), got.get(1).key());
    FleetImage fi = (FleetImage) got.get(0).value();
    assertNull(fi.getLabel());
    assertEquals(Split.NONE, fi.getSplit());
  }

  @Test
  void consumeWritesCommittedSamplesAsCityscapesWithProvenance(TestCluster cluster) throws Exception {
    String topic = cluster.uniqueTopic("augmented.samples");
    cluster.createTopic(topic, 1, Map.of());
    Map<String, Object> pc = new HashMap<>(cluster.producerConfig());
    pc.putAll(cluster.serdeConfig());
    pc.put("transactional.id", "it-" + topic);
    List<AugmentedSample> committed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      committed.add(sample(i, Condition.values()[i], Split.TRAIN));
    }
    committed.add(sample(3, Condition.FOG, Split.VAL));
    try (KafkaProducer<String, AugmentedSample> p = new KafkaProducer<>(pc, new StringSerializer(),
        new AvroSerializer<>(cluster.registryClient(), cluster.serdeConfig(), false))) {
      p.initTransactions();
      p.beginTransaction();
      p.send(new ProducerRecord<>(topic, "aborted", sample(9, Condition.SNOW, Split.TRAIN)));
      p.flush();
      p.abortTransaction();
      p.beginTransaction();
      for (AugmentedSample s : committed) {
        p.send(new ProducerRecord<>(topic, s.getSampleId(), s));
      }
      p.commitTransaction();
    }
    Path out = dir.resolve("consumed");
    String group = cluster.uniqueGroup("consume");
    assertEquals(0, run("consume", "--topic", topic, "--out", out.toString(), "--max", "4", "--group", group,
        "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.registryUrl(), "--quiet"));
    ObjectMapper json = new ObjectMapper();
    for (AugmentedSample s : committed) {
      String split = s.getSplit() == Split.VAL ? "val" : "train";
      String name = AugmentedSampleSink.safeName(s.getSampleId());
      Path img = out.resolve("leftImg8bit/" + split + "/solmara/" + name + "_leftImg8bit.png");
      Path lab = out.resolve("gtFine/" + split + "/solmara/" + name + "_gtFine_labelTrainIds.png");
      assertArrayEquals(FleetImages.bytes(s.getImage(), "x"), Files.readAllBytes(img));
      assertArrayEquals(FleetImages.bytes(s.getLabel(), "x"), Files.readAllBytes(lab));
      JsonNode prov = json.readTree(out.resolve("provenance/" + split + "/solmara/" + name + ".json").toFile());
      assertEquals(s.getContentId(), prov.get("contentId").asText());
      assertEquals(s.getStyleId(), prov.get("styleId").asText());
      assertEquals("mini-codec", prov.get("codecId").asText());
      assertEquals(s.getMix().getSeed(), prov.get("mix").get("seed").asLong());
      assertEquals(ConditionTagsMapping.condition(s.getStyleConditions()).id(),
          prov.get("styleConditions").get("condition").asText());
    }
    assertFalse(Files.exists(out.resolve("leftImg8bit/train/solmara/it-9__style-9__0_leftImg8bit.png")));
    // offsets were committed: a second run of the same group finds nothing new
    assertEquals(0, run("consume", "--topic", topic, "--out", out.toString(), "--idle-timeout", "2", "--group", group,
        "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.registryUrl(), "--quiet"));
    JsonNode summary = json.readTree(out.resolve("consume-summary.json").toFile());
    assertEquals(0, summary.get("written").asLong());
  }

  private static void assertArrayEquals(byte[] a, byte[] b) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
  }

  private static AugmentedSample sample(int i, Condition style, Split split) {
    var scene = SynthDrive.render(100 + i, style, Place.SOLMARA);
    byte[] img = Images.encodePng(scene.image());
    byte[] lab = Images.encodeLabelPng(scene.label());
    return AugmentedSample.newBuilder()
        .setSampleId("it-" + i + "__style-" + i + "__0")
        .setContentId("it-" + i)
        .setStyleId("style-" + i)
        .setVariant(0)
        .setSplit(split)
        .setImage(FleetImages.payload(Images.PNG, img, 128, 64))
        .setLabel(FleetImages.payload(Images.PNG, lab, 128, 64))
        .setContentConditions(ConditionTagsMapping.tags(Condition.CLEAR, "solmara"))
        .setStyleConditions(ConditionTagsMapping.tags(style, "brickford"))
        .setStyleOrigin(Origin.FLEET)
        .setCodecId("mini-codec")
        .setCodecVersion("1")
        .setMix(MixParams.newBuilder().setStyleSlots(List.of(0, 1, 2)).setStrength(1f).setSeed(40L + i)
            .setPolicy("uniform").build())
        .setCreatedTimeMs(Instant.ofEpochMilli(1_700_000_000_000L))
        .build();
  }
}
