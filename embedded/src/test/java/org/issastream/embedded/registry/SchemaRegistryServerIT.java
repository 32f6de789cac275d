package org.issastream.embedded.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.issastream.schemas.registry.CompatibilityLevel;
import org.issastream.schemas.registry.RegistryException;
import org.issastream.schemas.registry.RestSchemaRegistryClient;
import org.issastream.schemas.registry.SchemaRegistryClient;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.schemas.serde.AvroSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded registry over HTTP, checked with the project's REST client and raw HTTP. */
@ExtendWith(IssaClusterExtension.class)
class SchemaRegistryServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Schema thing(String extraFields) {
    return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":["
        + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"int\"}" + extraFields + "]}");
  }

  @Test
  void compatibilityIsEnforcedPerLevelAndOldReadersDecodeNewRecords(TestCluster cluster) throws Exception {
    SchemaRegistryClient client = cluster.registryClient();
    String topic = cluster.uniqueTopic("evolve");
    String subject = topic + "-value";
    Schema v1 = thing("");
    Schema incompatible = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"n\",\"type\":\"string\"}]}");
    Schema compatible = thing(",{\"name\":\"note\",\"type\":\"string\",\"default\":\"none\"}");

    int id1 = client.register(subject, v1);
    assertEquals(CompatibilityLevel.BACKWARD, client.getCompatibility(subject));
    assertFalse(client.testCompatibility(subject, incompatible));
    RegistryException.IncompatibleSchema rejected =
        assertThrows(RegistryException.IncompatibleSchema.class, () -> client.register(subject, incompatible));
    assertEquals(409, rejected.errorCode());
    assertTrue(client.testCompatibility(subject, compatible));
    int id2 = client.register(subject, compatible);
    assertNotEquals(id1, id2);
    assertEquals(List.of(1, 2), client.getVersions(subject));

    // an old reader (v1) decodes a record written with v2
    GenericRecord v2record = new GenericData.Record(compatible);
    v2record.put("id", "a");
    v2record.put("n", 7);
    v2record.put("note", "hello");
    AvroSerializer<Object> lookupOnly = new AvroSerializer<>(client, Map.of("auto.register.schemas", false), false);
    try (KafkaProducer<String, Object> p = new KafkaProducer<>(cluster.producerConfig(), new StringSerializer(), lookupOnly)) {
      p.send(new ProducerRecord<>(topic, "a", v2record)).get();
    }
    GenericRecord read = readWithReaderSchema(cluster, topic, v1);
    assertEquals(v1, read.getSchema());
    assertEquals("a", read.get("id").toString());
    assertEquals(7, read.get("n"));

    client.updateCompatibility(subject, CompatibilityLevel.NONE);
    assertEquals(CompatibilityLevel.NONE, client.getCompatibility(subject));
    assertEquals(CompatibilityLevel.BACKWARD, client.getCompatibility(null));
    int id3 = client.register(subject, incompatible);
    assertEquals(3, client.getLatestVersion(subject).version());
    assertEquals(id3, client.getLatestVersion(subject).id());
  }

  /** Decodes the single record of {@code topic} into {@code reader}'s shape, as an old consumer would. */
  private static GenericRecord readWithReaderSchema(TestCluster cluster, String topic, Schema reader) throws Exception {
    Map<String, Object> cc = new HashMap<>(cluster.consumerConfig(cluster.uniqueGroup("old")));
    cc.putAll(cluster.serdeConfig());
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cc, new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TestCluster.defaultTimeout().toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          byte[] v = r.value();
          int id = java.nio.ByteBuffer.wrap(v, 1, 4).getInt();
          Schema writer = cluster.registryClient().getSchemaById(id);
          var datumReader = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(writer, reader);
          return datumReader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, null));
        }
      }
    }
    throw new AssertionError("no record on " + topic);
  }

  @Test
  void restartOverTheSameLogKeepsSubjectsVersionsAndIds(TestCluster cluster) throws Exception {
    String logTopic = cluster.uniqueTopic("_schemas");
    Map<String, Object> conf = Map.of("kafkastore.bootstrap.servers", cluster.bootstrapServers(), "port", 0,
        "kafkastore.topic", logTopic);
    Schema a = thing("");
    Schema b = thing(",{\"name\":\"x\",\"type\":\"long\",\"default\":0}");
    int idA;
    int idB;
    int idA2;
    try (SchemaRegistryServer first = SchemaRegistryServer.start(conf)) {
      RestSchemaRegistryClient c = new RestSchemaRegistryClient(first.url());
      idA = c.register("s1", a);
      idB = c.register("s1", b);
      idA2 = c.register("s2", a);
      c.updateCompatibility("s2", CompatibilityLevel.FULL);
      c.register("gone", thing(",{\"name\":\"y\",\"type\":\"int\",\"default\":1}"));
      c.deleteSubject("gone", false);
    }
    assertEquals(idA, idA2, "same schema under two subjects has one id");
    try (SchemaRegistryServer second = SchemaRegistryServer.start(conf)) {
      RestSchemaRegistryClient c = new RestSchemaRegistryClient(second.url());
      assertEquals(List.of("s1", "s2"), c.getAllSubjects());
      assertEquals(List.of(1, 2), c.getVersions("s1"));
      assertEquals(idA, c.lookup("s1", a).id());
      assertEquals(idB, c.lookup("s1", b).id());
      assertEquals(idA, c.register("s2", a), "re-registering returns the stored id");
      assertEquals(a, c.getSchemaById(idA));
      assertEquals(CompatibilityLevel.FULL, c.getCompatibility("s2"));
      int idC = c.register("s3", thing(",{\"name\":\"z\",\"type\":\"int\",\"default\":2}"));
      assertTrue(idC > Math.max(idA, idB), "new ids continue after the stored ones");
    }
  }

  @Test
  void errorsUseConfluentCodesAndBodies(TestCluster cluster) throws Exception {
    SchemaRegistryClient client = cluster.registryClient();
    String subject = cluster.uniqueTopic("errors");
    assertEquals(40401, assertThrows(RegistryException.SubjectNotFound.class, () -> client.getVersions(subject)).errorCode());
    assertEquals(40403, assertThrows(RegistryException.SchemaNotFound.class, () -> client.getSchemaById(987654)).errorCode());
    client.register(subject, thing(""));
    assertEquals(40402, assertThrows(RegistryException.VersionNotFound.class, () -> client.getVersion(subject, 99)).errorCode());
    assertEquals(40403, assertThrows(RegistryException.SchemaNotFound.class,
        () -> client.lookup(subject, thing(",{\"name\":\"q\",\"type\":\"int\",\"default\":0}"))).errorCode());
    assertEquals(40405, assertThrows(RegistryException.SubjectNotSoftDeleted.class,
        () -> client.deleteSubject(subject, true)).errorCode());

    HttpResponse<String> invalid = raw(cluster, "POST", "/subjects/" + subject + "/versions", "{\"schema\":\"{not avro\"}");
    assertEquals(422, invalid.statusCode());
    assertEquals("application/vnd.schemaregistry.v1+json", invalid.headers().firstValue("Content-Type").orElse(""));
    JsonNode body = JSON.readTree(invalid.body());
    assertEquals(42201, body.get("error_code").asInt());
    assertTrue(body.get("message").asText().startsWith("Invalid schema"), body.toString());

    HttpResponse<String> badLevel = raw(cluster, "PUT", "/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");
    assertEquals(422, badLevel.statusCode());
    assertEquals(42203, JSON.readTree(badLevel.body()).get("error_code").asInt());

    HttpResponse<String> badVersion = raw(cluster, "GET", "/subjects/" + subject + "/versions/abc", null);
    assertEquals(42202, JSON.readTree(badVersion.body()).get("error_code").asInt());

    assertEquals(40408, JSON.readTree(raw(cluster, "GET", "/config/" + subject, null).body()).get("error_code").asInt());
    assertEquals("\"BACKWARD\"", JSON.readTree(raw(cluster, "GET", "/config/" + subject + "?defaultToGlobal=true", null).body())
        .get("compatibilityLevel").toString());

    // soft delete hides the subject, ids stay resolvable; then permanent delete removes it
    int id = client.lookup(subject, thing("")).id();
    assertEquals(List.of(1), client.deleteSubject(subject, false));
    assertFalse(client.getAllSubjects().contains(subject));
    assertEquals(thing(""), client.getSchemaById(id));
    assertEquals(List.of(1), client.deleteSubject(subject, true));
    assertEquals(404, raw(cluster, "GET", "/subjects/" + subject + "/versions?deleted=true", null).statusCode());
  }

  @Test
  void basicAuthIsRequiredWhenConfigured(TestCluster cluster) throws Exception {
    Map<String, Object> conf = Map.of("kafkastore.bootstrap.servers", cluster.bootstrapServers(), "port", 0,
        "kafkastore.topic", cluster.uniqueTopic("_schemas_auth"), "authentication.basic.user.info", "alice:s3cret");
    try (SchemaRegistryServer server = SchemaRegistryServer.start(conf)) {
      RestSchemaRegistryClient anonymous = new RestSchemaRegistryClient(server.url());
      RegistryException e = assertThrows(RegistryException.class, anonymous::getAllSubjects);
      assertInstanceOf(RegistryException.Unauthorized.class, e);
      assertEquals(401, e.httpStatus());
      RestSchemaRegistryClient wrong = new RestSchemaRegistryClient(List.of(server.url()), "alice:nope", null, Duration.ofSeconds(5));
      assertThrows(RegistryException.Unauthorized.class, wrong::getAllSubjects);
      RestSchemaRegistryClient alice = new RestSchemaRegistryClient(List.of(server.url()), "alice:s3cret", null, Duration.ofSeconds(5));
      int id = alice.register("auth-subject", thing(""));
      assertEquals(id, alice.lookup("auth-subject", thing("")).id());
      // the serde path: credentials from basic.auth.user.info
      Map<String, Object> serde = Map.of("schema.registry.url", server.url(), "basic.auth.user.info", "alice:s3cret",
          "value.subject.name.strategy", "RecordNameStrategy");
      GenericRecord r = new GenericData.Record(thing(""));
      r.put("id", "z");
      r.put("n", 1);
      try (AvroSerializer<Object> ser = new AvroSerializer<>(); AvroDeserializer<Object> de = new AvroDeserializer<>()) {
        ser.configure(serde, false);
        de.configure(serde, false);
        assertEquals(r, de.deserialize("x", ser.serialize("x", r)));
      }
      assertEquals(List.of("auth-subject", "t.Thing"), alice.getAllSubjects());
    }
  }

  private static HttpResponse<String> raw(TestCluster cluster, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.registryUrl() + path))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
