package org.issastream.embedded.junit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.issastream.embedded.EmbeddedException;
import org.issastream.embedded.EmbeddedKafka;
import org.issastream.embedded.registry.SchemaRegistryServer;
import org.issastream.schemas.registry.RestSchemaRegistryClient;
import org.issastream.schemas.registry.SchemaRegistryClient;

/**
 * The cluster every integration test of the project shares: one real KRaft broker and the embedded
 * schema registry (over HTTP, on {@code _schemas}) per test JVM, started on first use by
 * {@link IssaClusterExtension} and stopped when the test run ends. Tests keep out of each other's way
 * with {@link #uniqueTopic} names, unique consumer groups and therefore unique registry subjects.
 */
public final class TestCluster implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final EmbeddedKafka kafka;
  private final SchemaRegistryServer registry;
  private final Admin admin;
  private final SchemaRegistryClient registryClient;
  private boolean closed;

  private TestCluster(EmbeddedKafka kafka, SchemaRegistryServer registry) {
    this.kafka = kafka;
    this.registry = registry;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    this.registryClient = new RestSchemaRegistryClient(registry.url());
  }

  /** Starts a broker on random ports in a temporary directory, and a registry on a random port. */
  public static TestCluster start() throws EmbeddedException {
    EmbeddedKafka kafka = EmbeddedKafka.start(Map.of());
    try {
      SchemaRegistryServer registry = SchemaRegistryServer.start(Map.of(
          "kafkastore.bootstrap.servers", kafka.bootstrapServers(), "port", 0));
      return new TestCluster(kafka, registry);
    } catch (EmbeddedException | RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** The registry's base URL, for {@code schema.registry.url}. */
  public String registryUrl() {
    return registry.url();
  }

  /** A REST client of the registry, shared; do not close it. */
  public SchemaRegistryClient registryClient() {
    return registryClient;
  }

  /** Serde configuration pointing at the registry ({@code schema.registry.url}). */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> p = new HashMap<>();
    p.put("schema.registry.url", registry.url());
    return p;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** An admin client owned by the cluster; do not close it. */
  public Admin admin() {
    return admin;
  }

  /** A topic name no other test in this JVM uses: {@code <base>-<n>-<random>}. */
  public String uniqueTopic(String base) {
    return base + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A consumer group id no other test uses. */
  public String uniqueGroup(String base) {
    return uniqueTopic(base);
  }

  /** Creates a topic and waits until it exists. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e.getCause());
    }
  }

  /** Creates single-partition topics with the broker's default configuration. */
  public void createTopics(String... names) {
    for (String n : names) {
      createTopic(n, 1, Map.of());
    }
  }

  /** The names of all topics, internal ones excluded. */
  public Set<String> topicNames() throws ExecutionException, InterruptedException {
    return admin.listTopics().names().get();
  }

  /** Producer config: byte-array serializers, acks=all, large-record limit matching the broker. */
  public Map<String, Object> producerConfig() {
    Map<String, Object> p = new HashMap<>(kafka.clientProperties());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, kafka.maxMessageBytes());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return p;
  }

  /** Consumer config for a fresh group reading from the earliest offset, byte-array deserializers. */
  public Map<String, Object> consumerConfig(String group) {
    Map<String, Object> p = new HashMap<>(kafka.clientProperties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, kafka.maxMessageBytes());
    return p;
  }

  /** A default poll deadline for tests: generous on a loaded 2-core machine. */
  public static Duration defaultTimeout() {
    return Duration.ofSeconds(30);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    admin.close(Duration.ofSeconds(5));
    registry.close();
    kafka.close();
  }
}
