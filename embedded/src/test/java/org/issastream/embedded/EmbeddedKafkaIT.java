package org.issastream.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(IssaClusterExtension.class)
class EmbeddedKafkaIT {

  @Test
  void largeRecordRoundTripsThroughTheSharedBroker(TestCluster cluster) throws Exception {
    String topic = cluster.uniqueTopic("big");
    cluster.createTopic(topic, 2, Map.of("max.message.bytes", String.valueOf(cluster.kafka().maxMessageBytes())));
    byte[] big = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(big);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig())) {
      RecordMetadata md = producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), big)).get();
      assertEquals(topic, md.topic());
    }
    List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.consumerConfig(cluster.uniqueGroup("g")))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TestCluster.defaultTimeout().toNanos();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    assertEquals(1, got.size());
    assertArrayEquals(big, got.get(0).value());
  }

  @Test
  void separateInstanceStartsAndCleansUpItsTemporaryDirectory() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(Map.of());
    try {
      assertTrue(Files.isDirectory(kafka.dataDir()));
      assertTrue(kafka.bootstrapServers().startsWith("localhost:"));
    } finally {
      kafka.close();
    }
    assertFalse(Files.exists(kafka.dataDir()));
    kafka.close(); // idempotent
  }
}
