package org.issastream.schemas.pool;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.issastream.schemas.PoolEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, always-current copy of the compacted {@code style.pool} topic, for every process that
 * samples styles (augment workers). Reads all partitions from the beginning with a plain consumer
 * (no consumer group, no offsets committed: every replica sees the whole pool), applies updates
 * and tombstones, and keeps following. Reads {@code read_committed}, so it only ever sees what the
 * exactly-once curator committed.
 *
 * <p>Thread-safe for readers; one background thread owns the consumer. A record whose value does
 * not deserialize is skipped and counted (a worker must not die on a bad pool record).
 *
 * <pre>{@code
 * try (PoolReplica pool = new PoolReplica(consumerProps, "style.pool", poolDeserializer).start()) {
 *   pool.awaitCaughtUp(Duration.ofSeconds(30));
 *   List<PoolEntry> snow = pool.entries("snow");
 * }
 * }</pre>
 */
public final class PoolReplica implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PoolReplica.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long PARTITION_REFRESH_MS = 30_000;

  private final String topic;
  private final Deserializer<PoolEntry> deserializer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, PoolEntry> slots = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUpRequests =
      new ConcurrentLinkedQueue<>();
  private final List<Consumer<Map<String, PoolEntry>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;

  /**
   * @param consumerConfig Kafka consumer properties (bootstrap servers, security ...); group,
   *     offset and (de)serializer settings are set here
   * @param topic the pool topic
   * @param deserializer value deserializer for {@link PoolEntry} (e.g. the configured Avro serde)
   */
  public PoolReplica(Map<String, ?> consumerConfig, String topic, Deserializer<PoolEntry> deserializer) {
    this.topic = Objects.requireNonNull(topic);
    this.deserializer = Objects.requireNonNull(deserializer);
    Map<String, Object> c = new HashMap<>(consumerConfig);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pool-replica-" + topic);
    this.consumer = new KafkaConsumer<>(c);
    this.thread = new Thread(this::run, "pool-replica-" + topic);
  }

  /** Starts following the topic from its beginning. */
  public PoolReplica start() {
    running = true;
    thread.start();
    return this;
  }

  /**
   * Waits until the replica has applied everything committed to the topic at the time of the call.
   *
   * @return false on timeout or when the replica has failed (see {@link #failure()})
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    CompletableFuture<Void> f = new CompletableFuture<>();
    catchUpRequests.add(f);
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  /** Slot id to entry, a consistent copy. */
  public Map<String, PoolEntry> snapshot() {
    return Collections.unmodifiableMap(new HashMap<>(slots));
  }

  /** The entry in a slot, or null. */
  public PoolEntry slot(String slotId) {
    return slots.get(slotId);
  }

  /** The entries of one bucket. */
  public List<PoolEntry> entries(String bucket) {
    List<PoolEntry> out = new ArrayList<>();
    for (PoolEntry e : slots.values()) {
      if (bucket.equals(e.getBucket())) {
        out.add(e);
      }
    }
    return out;
  }

  public int size() {
    return slots.size();
  }

  /** Updates and tombstones applied so far. */
  public long applied() {
    return applied.get();
  }

  /** Records skipped because their value did not deserialize. */
  public long skipped() {
    return skipped.get();
  }

  /** Why the replica stopped following the topic, or null while healthy. */
  public Throwable failure() {
    return failure;
  }

  /** Called on the replica thread after each batch of changes with the slots that changed (null = removed). */
  public void addListener(Consumer<Map<String, PoolEntry>> listener) {
    listeners.add(listener);
  }

  private void run() {
    Map<TopicPartition, Long> target = null;
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    long lastRefresh = 0;
    try {
      while (running) {
        try {
          long now = System.currentTimeMillis();
          if (now - lastRefresh > PARTITION_REFRESH_MS || consumer.assignment().isEmpty()) {
            refreshAssignment();
            lastRefresh = now;
          }
          if (!catchUpRequests.isEmpty()) {
            for (CompletableFuture<Void> f; (f = catchUpRequests.poll()) != null; ) {
              waiting.add(f);
            }
            target = consumer.endOffsets(consumer.assignment()); // read_committed: the LSO
          }
          if (consumer.assignment().isEmpty()) {
            // topic not there yet: nothing to follow; an empty pool counts as caught up
            Thread.sleep(POLL.toMillis());
          } else {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            if (!records.isEmpty()) {
              apply(records);
            }
          }
          if (!waiting.isEmpty() && target != null && reached(target)) {
            waiting.forEach(f -> f.complete(null));
            waiting.clear();
            target = null;
          }
        } catch (RetriableException e) {
          LOG.warn("pool replica of {}: {}; retrying", topic, e.toString());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("pool replica of {} stopped", topic, e);
    } finally {
      waiting.forEach(f -> f.completeExceptionally(new IllegalStateException("replica stopped", failure)));
      catchUpRequests.forEach(f -> f.completeExceptionally(new IllegalStateException("replica stopped", failure)));
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void refreshAssignment() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (infos == null || infos.isEmpty()) {
      return;
    }
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo p : infos) {
      parts.add(new TopicPartition(topic, p.partition()));
    }
    if (!consumer.assignment().containsAll(parts)) {
      List<TopicPartition> fresh = new ArrayList<>(parts);
      fresh.removeAll(consumer.assignment());
      consumer.assign(parts);
      consumer.seekToBeginning(fresh);
    }
  }

  private boolean reached(Map<TopicPartition, Long> target) {
    for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecords<byte[], byte[]> records) {
    Map<String, PoolEntry> changed = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.key() == null) {
        skipped.incrementAndGet();
        continue;
      }
      String slotId = new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null) {
        slots.remove(slotId);
        changed.put(slotId, null);
      } else {
        PoolEntry e;
        try {
          e = deserializer.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException ex) {
          skipped.incrementAndGet();
          LOG.warn("skipping undeserializable pool record {}-{}@{}: {}", r.topic(), r.partition(),
              r.offset(), ex.toString());
          continue;
        }
        slots.put(slotId, e);
        changed.put(slotId, e);
      }
      applied.incrementAndGet();
    }
    if (!changed.isEmpty()) {
      Map<String, PoolEntry> view = Collections.unmodifiableMap(changed);
      for (Consumer<Map<String, PoolEntry>> l : listeners) {
        try {
          l.accept(view);
        } catch (RuntimeException ex) {
          LOG.warn("pool listener failed", ex);
        }
      }
    }
  }

  @Override
  public void close() {
    if (!running && !thread.isAlive()) {
      if (thread.getState() == Thread.State.NEW) {
        consumer.close(Duration.ofSeconds(5));
      }
      return;
    }
    running = false;
    consumer.wakeup();
    if (thread.isAlive() && Thread.currentThread() != thread) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
