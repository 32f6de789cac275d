package org.issastream.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.registry.RestSchemaRegistryClient;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.schemas.serde.AvroSerializer;
import org.issastream.schemas.topics.TopicProvisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local mode as `issa local` runs it, including a restart over a kept data directory. */
class LocalStackIT {

  @Test
  void startsEverythingAndKeepsDataAcrossRestarts(@TempDir Path dir) throws Exception {
    Map<String, Object> kafka = Map.of("broker.port", 0, "data.dir", dir.toString());
    Map<String, Object> registry = Map.of("port", 0);
    int id;
    try (LocalStack stack = LocalStack.start(kafka, registry, Map.of("topics.partitions", 1))) {
      assertTrue(stack.provisioning().ok());
      // the registry creates its log topic before provisioning; provisioning creates the rest
      assertEquals(List.of(stack.topics().schemas()), stack.provisioning().withOutcome(TopicProvisioner.Outcome.OK).stream()
          .map(t -> t.spec().name()).toList());
      assertEquals(stack.topics().all().size() - 1, stack.provisioning().withOutcome(TopicProvisioner.Outcome.CREATED).size());
      try (KafkaProducer<String, Object> p = new KafkaProducer<>(producer(stack))) {
        p.send(new ProducerRecord<>(stack.topics().fleetImages(), "img-1", Records.fleetImage())).get();
      }
      id = new RestSchemaRegistryClient(stack.registryUrl()).lookup("fleet.images-value", FleetImage.getClassSchema()).id();
    }
    assertTrue(Files.exists(dir.resolve("meta.properties")), "a given data directory is kept");

    try (LocalStack again = LocalStack.start(kafka, registry, Map.of("topics.partitions", 1))) {
      assertEquals(again.topics().all().size(), again.provisioning().withOutcome(TopicProvisioner.Outcome.OK).size(),
          again.provisioning().describe());
      assertEquals(id, new RestSchemaRegistryClient(again.registryUrl()).lookup("fleet.images-value", FleetImage.getClassSchema()).id());
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, "local-it");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class);
      c.put("schema.registry.url", again.registryUrl());
      c.put("specific.avro.reader", true);
      List<Object> values = new ArrayList<>();
      try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(c)) {
        consumer.subscribe(List.of(again.topics().fleetImages()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        }
      }
      assertEquals(List.of(Records.fleetImage()), values);
    }
  }

  private static Map<String, Object> producer(LocalStack stack) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
    p.put("schema.registry.url", stack.registryUrl());
    return p;
  }
}
