package org.issastream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.Samples;
import org.issastream.schemas.registry.InMemorySchemaRegistryClient;
import org.issastream.schemas.registry.SchemaMetadata;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @Test
  void specificRecordRoundTripsWithConfluentFraming() throws Exception {
    AvroSerde<FleetImage> serde = AvroSerde.specific(FleetImage.class, registry);
    FleetImage in = Samples.fleetImage("img-1");
    byte[] bytes = serde.serializer().serialize("fleet.images", in);

    int id = registry.lookup("fleet.images-value", FleetImage.getClassSchema()).id();
    assertEquals(0, bytes[0]);
    assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
    assertEquals(in, serde.deserializer().deserialize("fleet.images", bytes));
    // the body is exactly Avro binary: re-encoding the same record gives the same bytes
    assertArrayEquals(bytes, serde.serializer().serialize("fleet.images", in));
    assertNull(serde.serializer().serialize("fleet.images", null));
    assertNull(serde.deserializer().deserialize("fleet.images", null));
  }

  @Test
  void genericReaderSeesTheWriterSchema() {
    byte[] bytes = new AvroSerializer<FleetImage>(registry, Map.of(), false).serialize("t", Samples.fleetImage("g"));
    GenericRecord r = new AvroDeserializer<GenericRecord>(registry, Map.of(), false).deserialize("t", bytes);
    assertEquals("g", r.get("imageId").toString());
    assertEquals(1_700_000_000_123L, r.get("captureTimeMs"));
    assertEquals("RAIN", ((GenericRecord) r.get("conditions")).get("weather").toString());
  }

  @Test
  void specificReaderResolvesAnEvolvedWriter() throws Exception {
    // A newer producer added a field with a default; old readers (the generated class) still decode.
    Schema v1 = FleetImage.getClassSchema();
    Schema v2 = addField(v1, "\"extra\"", "{\"name\":\"extra\",\"type\":\"string\",\"default\":\"x\",\"doc\":\"new\"}");
    FleetImage original = Samples.fleetImage("evo");
    GenericRecord asV2 = new GenericRecordBuilder(v2)
        .set("imageId", "evo").set("source", original.getSource())
        .set("captureTimeMs", original.getCaptureTimeMs().toEpochMilli())
        .set("role", new GenericData.EnumSymbol(v2.getField("role").schema(), "CONTENT"))
        .set("split", new GenericData.EnumSymbol(v2.getField("split").schema(), "TRAIN"))
        .set("image", toGeneric(original.getImage(), v2.getField("image").schema()))
        .set("label", null)
        .set("conditions", toGeneric(original.getConditions(), v2.getField("conditions").schema()))
        .set("attributes", Map.of())
        .set("extra", "hello")
        .build();
    new AvroSerializer<>(registry, Map.of(), false).serialize("t", Samples.fleetImage("v1"));
    byte[] bytes = new AvroSerializer<GenericRecord>(registry, Map.of(), false).serialize("t", asV2);
    assertEquals(2, registry.getVersions("t-value").size());

    AvroDeserializer<Object> reader = new AvroDeserializer<>(registry, Map.of("specific.avro.reader", true), false);
    FleetImage got = assertInstanceOf(FleetImage.class, reader.deserialize("t", bytes));
    assertEquals("evo", got.getImageId());
    assertEquals(original.getImage(), got.getImage());
    assertNull(got.getLabel());
  }

  @Test
  void badPayloadsGiveClearErrors() {
    AvroSerde<FleetImage> serde = AvroSerde.specific(FleetImage.class, registry);
    byte[] good = serde.serializer().serialize("imgs", Samples.fleetImage("x"));

    String shortMsg = fail(serde, new byte[] {0, 0, 1});
    assertTrue(shortMsg.contains("imgs") && shortMsg.contains("shorter than the 5-byte"), shortMsg);

    byte[] badMagic = good.clone();
    badMagic[0] = 7;
    assertTrue(fail(serde, badMagic).contains("unknown magic byte 0x07"));

    byte[] unknownId = good.clone();
    ByteBuffer.wrap(unknownId).putInt(1, 4242);
    assertTrue(fail(serde, unknownId).contains("unknown schema id 4242"));

    for (int cut : new int[] {6, 20, good.length / 2, good.length - 1}) {
      String m = fail(serde, Arrays.copyOf(good, cut));
      assertTrue(m.contains("imgs") && m.contains("malformed or truncated"), m);
    }
    byte[] trailing = Arrays.copyOf(good, good.length + 3);
    assertTrue(fail(serde, trailing).contains("trailing bytes"));

    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < 200; i++) {
      byte[] garbage = new byte[5 + rnd.nextInt(200)];
      rnd.nextBytes(garbage);
      garbage[0] = 0;
      ByteBuffer.wrap(garbage).putInt(1, ByteBuffer.wrap(good, 1, 4).getInt());
      String m = fail(serde, garbage);
      assertTrue(m.contains("imgs"), m);
    }
  }

  @Test
  void mockScopeAndRecordNameStrategyFromConfig() throws Exception {
    String scope = "serde-test-" + System.nanoTime();
    Map<String, Object> conf = Map.of("schema.registry.url", "mock://" + scope,
        "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
        "specific.avro.reader", "true");
    try (AvroSerializer<FleetImage> ser = new AvroSerializer<>(); AvroDeserializer<FleetImage> de = new AvroDeserializer<>()) {
      ser.configure(conf, false);
      de.configure(conf, false);
      byte[] bytes = ser.serialize("any.topic", Samples.fleetImage("m"));
      assertEquals("m", de.deserialize("any.topic", bytes).getImageId());
      InMemorySchemaRegistryClient scoped = InMemorySchemaRegistryClient.forScope(scope);
      assertEquals(List.of("org.issastream.schemas.FleetImage"), scoped.getAllSubjects());
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  @Test
  void withoutAutoRegisterAnUnknownSchemaFails() throws Exception {
    AvroSerializer<FleetImage> ser = new AvroSerializer<>(registry, Map.of("auto.register.schemas", false), false);
    SerializationException e = assertThrows(SerializationException.class, () -> ser.serialize("t2", Samples.fleetImage("a")));
    assertTrue(e.getMessage().contains("t2-value"), e.getMessage());
    int id = registry.register("t2-value", FleetImage.getClassSchema());
    byte[] bytes = ser.serialize("t2", Samples.fleetImage("a"));
    assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
    SchemaMetadata latest = registry.getLatestVersion("t2-value");
    assertEquals(1, latest.version());
  }

  private static String fail(AvroSerde<?> serde, byte[] bytes) {
    return assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("imgs", bytes)).getMessage();
  }

  private static Schema addField(Schema schema, String marker, String fieldJson) {
    String json = schema.toString();
    int end = json.lastIndexOf("]");
    assertTrue(!json.contains(marker));
    return new Schema.Parser().parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
  }

  private static GenericRecord toGeneric(org.apache.avro.specific.SpecificRecord r, Schema schema) {
    return (GenericRecord) GenericData.get().deepCopy(schema, org.apache.avro.specific.SpecificData.get().deepCopy(r.getSchema(), r));
  }
}
