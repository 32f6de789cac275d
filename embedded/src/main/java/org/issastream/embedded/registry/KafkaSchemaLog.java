package org.issastream.embedded.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.issastream.embedded.EmbeddedException;
import org.issastream.schemas.registry.CompatibilityLevel;
import org.issastream.schemas.registry.RegistryException;
import org.issastream.schemas.registry.RegistryRecord;
import org.issastream.schemas.registry.RegistryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: a compacted single-partition topic ({@code _schemas} by default) read
 * from the beginning at start and tailed by one thread that folds every record into a
 * {@link RegistryState}. Writes go to the topic first and return once this instance has read them
 * back, so every instance over the same topic converges to the same state and a restart loses
 * nothing. One instance should write at a time (ids are allocated locally, as with Confluent's
 * single leader).
 */
final class KafkaSchemaLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);

  private final String topic;
  private final TopicPartition partition;
  private final RegistryState state;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread reader;
  private final Duration timeout;
  /** Guards {@link #state} and {@link #appliedOffset}; held by writers from plan to read-back. */
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition advanced = lock.newCondition();
  private long appliedOffset = -1;
  private volatile Throwable readerFailure;
  private volatile boolean running = true;

  private KafkaSchemaLog(String topic, RegistryState state, KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> consumer, Duration timeout) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.state = state;
    this.producer = producer;
    this.consumer = consumer;
    this.timeout = timeout;
    this.reader = new Thread(this::readLoop, "schema-log-reader-" + topic);
    this.reader.setDaemon(true);
  }

  /**
   * Ensures the topic exists (compacted, one partition), reads it to its end and starts tailing it.
   *
   * @param clientOverrides extra Kafka client properties (security settings and the like)
   */
  static KafkaSchemaLog open(String bootstrap, String topic, CompatibilityLevel defaultLevel,
      Map<String, Object> clientOverrides, Duration timeout) throws EmbeddedException {
    Map<String, Object> common = new HashMap<>(clientOverrides);
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    ensureTopic(common, topic, timeout);

    Map<String, Object> p = new HashMap<>(common);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-producer");
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());

    Map<String, Object> c = new HashMap<>(common);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());

    KafkaSchemaLog log = new KafkaSchemaLog(topic, new RegistryState(defaultLevel), producer, consumer, timeout);
    try {
      consumer.assign(List.of(log.partition));
      consumer.seekToBeginning(List.of(log.partition));
      long end = consumer.endOffsets(List.of(log.partition), timeout).get(log.partition);
      log.reader.start();
      log.awaitApplied(end - 1);
      LOG.info("Schema log {}: read {} records, {} subjects", topic, end, log.state.subjects(true).size());
      return log;
    } catch (RuntimeException | RegistryException e) {
      log.close();
      throw new EmbeddedException("Cannot read the schema log " + topic + ": " + e.getMessage(), e);
    }
  }

  private static void ensureTopic(Map<String, Object> common, String topic, Duration timeout) throws EmbeddedException {
    try (Admin admin = Admin.create(common)) {
      int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      short rf = (short) Math.min(3, Math.max(1, brokers));
      NewTopic t = new NewTopic(topic, 1, rf).configs(Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.min(2, rf))));
      try {
        admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Created schema log topic {} (1 partition, compacted, replication {})", topic, rf);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
      if (d.partitions().size() != 1) {
        throw new EmbeddedException("Schema log topic " + topic + " has " + d.partitions().size()
            + " partitions; it must have exactly one (order of writes)");
      }
      ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config cfg = admin.describeConfigs(Set.of(res)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(res);
      String policy = cfg.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
      if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
        LOG.warn("Schema log topic {} has cleanup.policy={}; it should be compact only, or schemas may expire", topic, policy);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedException("Interrupted while preparing " + topic, e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new EmbeddedException("Cannot create or check the schema log topic " + topic + ": " + e, e);
    }
  }

  private void readLoop() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        lock.lock();
        try {
          for (ConsumerRecord<byte[], byte[]> r : records) {
            applyRecord(r);
            appliedOffset = r.offset();
          }
          // Control records and compaction gaps advance the position without a record.
          long position = consumer.position(partition) - 1;
          if (position > appliedOffset) {
            appliedOffset = position;
          }
          advanced.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        readerFailure = e;
      }
    } catch (RuntimeException e) {
      readerFailure = e;
      LOG.error("Schema log reader of {} failed; the registry stops serving writes", topic, e);
    } finally {
      lock.lock();
      try {
        advanced.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void applyRecord(ConsumerRecord<byte[], byte[]> r) {
    try {
      for (RegistryRecord rec : SchemaLogCodec.decode(r.key(), r.value(), state::softDeleteUpTo)) {
        state.apply(rec);
      }
    } catch (java.io.IOException | RuntimeException e) {
      // One unreadable record (e.g. from a newer registry) must not stop the registry; it is named.
      LOG.warn("Skipping unreadable record at {}-{} offset {}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  /** Runs {@code query} against a consistent state. */
  <T> T read(Query<T> query) throws RegistryException {
    lock.lock();
    try {
      checkReader();
      return query.run(state);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Plans under the lock, writes the planned records and waits until they are applied, so the next
   * request (and this one's answer) sees them.
   */
  <T> T write(Planner<T> planner) throws RegistryException {
    lock.lock();
    try {
      checkReader();
      Plan<T> plan = planner.plan(state);
      if (!plan.records().isEmpty()) {
        long last = -1;
        try {
          for (RegistryRecord r : plan.records()) {
            var future = producer.send(new ProducerRecord<>(topic, 0, SchemaLogCodec.key(r), SchemaLogCodec.value(r)));
            if (r == plan.records().get(plan.records().size() - 1)) {
              RecordMetadata md = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
              last = md.offset();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RegistryException(500, 50002, "Interrupted while writing to " + topic, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          throw new RegistryException(500, 50001, "Error while writing to the schema log " + topic + ": " + e, e);
        }
        awaitApplied(last);
      }
      return plan.answer();
    } finally {
      lock.unlock();
    }
  }

  private void awaitApplied(long offset) throws RegistryException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (appliedOffset < offset) {
        checkReader();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RegistryException(500, 50002, "Timed out waiting to read back offset " + offset + " of " + topic);
        }
        advanced.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(500, 50002, "Interrupted while reading " + topic, e);
    } finally {
      lock.unlock();
    }
  }

  private void checkReader() throws RegistryException {
    Throwable f = readerFailure;
    if (f != null) {
      throw new RegistryException(500, 50001, "The schema log reader failed: " + f, f);
    }
  }

  String topic() {
    return topic;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!reader.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
    producer.close(Duration.ofSeconds(5));
  }

  @FunctionalInterface
  interface Query<T> {
    T run(RegistryState state) throws RegistryException;
  }

  @FunctionalInterface
  interface Planner<T> {
    Plan<T> plan(RegistryState state) throws RegistryException;
  }

  /** Records to write and the answer to return once they are applied. */
  record Plan<T>(List<RegistryRecord> records, T answer) {}
}
