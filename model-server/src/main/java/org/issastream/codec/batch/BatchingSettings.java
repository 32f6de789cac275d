package org.issastream.codec.batch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Settings of a {@link BatchingCodec}, built from a plain map of the keys below (so a service's
 * Kafka-style config can pass its {@code codec.batch.*} keys straight through; this package cannot
 * depend on Kafka's {@code AbstractConfig}). Unknown keys are an error.
 */
public record BatchingSettings(int maxBatchSize, Duration maxBatchDelay, int queueCapacity, int workers, Duration requestTimeout) {

  /** Largest number of samples run in one forward pass. Default 16. */
  public static final String MAX_BATCH_SIZE = "max.batch.size";
  /** Longest time the first request of a batch waits for others to join, ms. Default 10. */
  public static final String MAX_BATCH_DELAY_MS = "max.batch.delay.ms";
  /** Samples that may wait per operation (invert / synthesize) before callers get CodecCapacityException. Default 256. */
  public static final String QUEUE_CAPACITY = "queue.capacity";
  /** Worker threads per operation; each runs its own predictor. Default 1. */
  public static final String WORKERS = "workers";
  /** Longest a caller waits for its result, ms. Default 120000. */
  public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";

  public static final Map<String, String> DOCS = docs();

  public BatchingSettings {
    require(maxBatchSize >= 1, MAX_BATCH_SIZE + " must be >= 1, got " + maxBatchSize);
    require(!maxBatchDelay.isNegative(), MAX_BATCH_DELAY_MS + " must be >= 0, got " + maxBatchDelay.toMillis());
    require(queueCapacity >= 1, QUEUE_CAPACITY + " must be >= 1, got " + queueCapacity);
    require(workers >= 1 && workers <= 64, WORKERS + " must be in [1,64], got " + workers);
    require(requestTimeout.toMillis() >= 1, REQUEST_TIMEOUT_MS + " must be >= 1, got " + requestTimeout.toMillis());
  }

  public static BatchingSettings defaults() {
    return new BatchingSettings(16, Duration.ofMillis(10), 256, 1, Duration.ofMinutes(2));
  }

  /** From {@code Map.of("max.batch.size", 8, ...)}; values may be numbers or strings. */
  public static BatchingSettings fromMap(Map<String, ?> props) {
    Set<String> known = DOCS.keySet();
    for (String k : props.keySet()) {
      require(known.contains(k), "unknown batching setting '" + k + "' (known: " + known + ")");
    }
    BatchingSettings d = defaults();
    return new BatchingSettings(
        intValue(props, MAX_BATCH_SIZE, d.maxBatchSize),
        Duration.ofMillis(intValue(props, MAX_BATCH_DELAY_MS, (int) d.maxBatchDelay.toMillis())),
        intValue(props, QUEUE_CAPACITY, d.queueCapacity),
        intValue(props, WORKERS, d.workers),
        Duration.ofMillis(intValue(props, REQUEST_TIMEOUT_MS, (int) d.requestTimeout.toMillis())));
  }

  private static int intValue(Map<String, ?> props, String key, int def) {
    Object v = props.get(key);
    if (v == null) {
      return def;
    }
    try {
      return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static Map<String, String> docs() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MAX_BATCH_SIZE, "Largest number of samples run in one forward pass (default 16).");
    m.put(MAX_BATCH_DELAY_MS, "Longest time the first request of a batch waits for others to join, ms (default 10).");
    m.put(QUEUE_CAPACITY, "Samples that may wait per operation before callers get CodecCapacityException (default 256).");
    m.put(WORKERS, "Worker threads per operation, each with its own predictor (default 1).");
    m.put(REQUEST_TIMEOUT_MS, "Longest a caller waits for its result, ms (default 120000).");
    return java.util.Collections.unmodifiableMap(m);
  }
}
