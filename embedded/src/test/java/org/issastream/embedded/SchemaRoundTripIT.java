package org.issastream.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.schemas.serde.AvroSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every record type through the real broker, with the embedded registry over HTTP. */
@ExtendWith(IssaClusterExtension.class)
class SchemaRoundTripIT {

  @Test
  void everyRecordTypeRoundTrips(TestCluster cluster) throws Exception {
    for (SpecificRecord record : Records.all()) {
      String topic = cluster.uniqueTopic(record.getSchema().getName());
      cluster.createTopic(topic, 1, Map.of());
      // configured the way an application does: by class name and config keys
      Map<String, Object> pc = new HashMap<>(cluster.producerConfig());
      pc.putAll(cluster.serdeConfig());
      pc.put("key.serializer", StringSerializer.class);
      pc.put("value.serializer", AvroSerializer.class);
      try (KafkaProducer<String, Object> producer = new KafkaProducer<>(pc)) {
        producer.send(new ProducerRecord<>(topic, "k", record)).get();
      }
      Map<String, Object> cc = new HashMap<>(cluster.consumerConfig(cluster.uniqueGroup("rt")));
      cc.putAll(cluster.serdeConfig());
      cc.put("specific.avro.reader", true);
      cc.put("key.deserializer", StringDeserializer.class);
      cc.put("value.deserializer", AvroDeserializer.class);
      List<ConsumerRecord<String, Object>> got = poll(cc, topic, 1);
      assertEquals(1, got.size(), topic);
      Object value = got.get(0).value();
      assertEquals(record.getClass(), value.getClass());
      assertEquals(record, value, record.getSchema().getName());

      int registeredId = cluster.registryClient().lookup(topic + "-value", record.getSchema()).id();
      byte[] sent = new AvroSerializer<>(cluster.registryClient(), Map.of(), false).serialize(topic, record);
      assertEquals(registeredId, ByteBuffer.wrap(sent, 1, 4).getInt());
    }
  }

  @Test
  void garbageAndTruncatedRecordsNameTopicPartitionAndOffset(TestCluster cluster) throws Exception {
    String topic = cluster.uniqueTopic("garbage");
    cluster.createTopic(topic, 1, Map.of());
    byte[] good = new AvroSerializer<>(cluster.registryClient(), Map.of(), false).serialize(topic, Records.fleetImage());
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    byte[] garbage = "definitely not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig(), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, garbage)).get();
      producer.send(new ProducerRecord<>(topic, truncated)).get();
      producer.send(new ProducerRecord<>(topic, good)).get();
    }
    Map<String, Object> cc = new HashMap<>(cluster.consumerConfig(cluster.uniqueGroup("bad")));
    cc.putAll(cluster.serdeConfig());
    cc.put("specific.avro.reader", true);
    cc.put("key.deserializer", StringDeserializer.class);
    cc.put("value.deserializer", AvroDeserializer.class);
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(cc)) {
      consumer.subscribe(List.of(topic));
      RecordDeserializationException first = pollForError(consumer);
      assertEquals(0, first.offset());
      assertEquals(topic, first.topicPartition().topic());
      SerializationException cause = assertInstanceOf(SerializationException.class, first.getCause());
      assertTrue(cause.getMessage().contains("topic '" + topic + "'") && cause.getMessage().contains("unknown magic byte 0x64"),
          cause.getMessage());
      consumer.seek(first.topicPartition(), 1);
      RecordDeserializationException second = pollForError(consumer);
      assertEquals(1, second.offset());
      assertTrue(second.getCause().getMessage().contains("malformed or truncated"), second.getCause().getMessage());
      consumer.seek(second.topicPartition(), 2);
      List<Object> values = new ArrayList<>();
      long deadline = System.nanoTime() + TestCluster.defaultTimeout().toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      assertEquals(List.of(Records.fleetImage()), values);
    }
  }

  private static RecordDeserializationException pollForError(KafkaConsumer<String, Object> consumer) {
    long deadline = System.nanoTime() + TestCluster.defaultTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      try {
        consumer.poll(Duration.ofMillis(200));
      } catch (RecordDeserializationException e) {
        return e;
      }
    }
    return assertThrows(RecordDeserializationException.class, () -> consumer.poll(Duration.ZERO));
  }

  static <V> List<ConsumerRecord<String, V>> poll(Map<String, Object> config, String topic, int expected) {
    List<ConsumerRecord<String, V>> got = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TestCluster.defaultTimeout().toNanos();
      while (got.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    return got;
  }
}
