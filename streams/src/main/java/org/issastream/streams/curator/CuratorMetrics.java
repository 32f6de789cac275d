package org.issastream.streams.curator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.issastream.schemas.Origin;
import org.issastream.streams.curator.policy.RejectReason;

/**
 * The curator's Micrometer meters. Thread-safe: shared by every task's processor of one Kafka
 * Streams instance. Prometheus names: {@code issa_curator_admissions_total{bucket,origin}}, {@code
 * issa_curator_rejections_total{reason}}, {@code issa_curator_evictions_total{bucket,cause}},
 * {@code issa_curator_pool_entries{bucket}}, {@code issa_curator_pool_slots{bucket}}, {@code
 * issa_curator_pool_entry_age_mean_seconds{bucket}} and the pool-wide {@code
 * issa_curator_pool_size} / {@code issa_curator_pool_entry_age_mean_seconds_all}.
 */
public final class CuratorMetrics {

  /** Why an entry left the pool. */
  public enum EvictionCause {
    /** Older than the TTL. */
    TTL,
    /** Replaced by a newer, novel code in a full bucket. */
    REPLACED,
    /** Its slot no longer exists (quota, bucket or codec changed in the configuration). */
    RECONCILE
  }

  private static final class BucketState {
    volatile int entries;
    volatile int slots;
    volatile long sumBasisMs;
  }

  private final MeterRegistry registry;
  private final LongSupplier clockMs;
  private final Map<String, BucketState> buckets = new ConcurrentHashMap<>();

  public CuratorMetrics(MeterRegistry registry, LongSupplier clockMs) {
    this.registry = registry;
    this.clockMs = clockMs;
    Gauge.builder("issa.curator.pool.size", this, m -> m.totalEntries())
        .description("Entries in the pool (this instance's buckets)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("issa.curator.pool.entry.age.mean.seconds.all", this, m -> m.meanAgeSeconds(null))
        .description("Mean age of all entries by the configured age basis")
        .strongReference(true)
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void admitted(String bucket, Origin origin) {
    Counter.builder("issa.curator.admissions")
        .description("Codes admitted into the pool")
        .tag("bucket", bucket)
        .tag("origin", origin.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void rejected(RejectReason reason) {
    Counter.builder("issa.curator.rejections")
        .description("Codes not admitted, by reason")
        .tag("reason", reason.label())
        .register(registry)
        .increment();
  }

  public void evicted(String bucket, EvictionCause cause) {
    Counter.builder("issa.curator.evictions")
        .description("Entries that left the pool, by cause")
        .tag("bucket", bucket)
        .tag("cause", cause.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** Reports a bucket's current occupancy; the sum of basis times drives the mean-age gauge. */
  public void bucket(String bucket, int entries, int slots, long sumBasisMs) {
    BucketState s =
        buckets.computeIfAbsent(
            bucket,
            b -> {
              BucketState st = new BucketState();
              Gauge.builder("issa.curator.pool.entries", st, x -> x.entries)
                  .description("Entries per bucket")
                  .tag("bucket", b)
                  .strongReference(true)
                  .register(registry);
              Gauge.builder("issa.curator.pool.slots", st, x -> x.slots)
                  .description("Slots (quota) per bucket")
                  .tag("bucket", b)
                  .strongReference(true)
                  .register(registry);
              Gauge.builder("issa.curator.pool.entry.age.mean.seconds", b, this::meanAgeSeconds)
                  .description("Mean entry age per bucket by the configured age basis")
                  .tag("bucket", b)
                  .strongReference(true)
                  .register(registry);
              return st;
            });
    synchronized (s) {
      s.entries = entries;
      s.slots = slots;
      s.sumBasisMs = sumBasisMs;
    }
  }

  /** Entries currently reported for a bucket (0 when unknown). */
  public int entries(String bucket) {
    BucketState s = buckets.get(bucket);
    return s == null ? 0 : s.entries;
  }

  private double totalEntries() {
    return buckets.values().stream().mapToInt(s -> s.entries).sum();
  }

  private double meanAgeSeconds(String bucket) {
    long now = clockMs.getAsLong();
    long n = 0;
    double sumAge = 0;
    for (Map.Entry<String, BucketState> e : buckets.entrySet()) {
      if (bucket != null && !bucket.equals(e.getKey())) {
        continue;
      }
      BucketState s = e.getValue();
      synchronized (s) {
        n += s.entries;
        sumAge += (double) now * s.entries - s.sumBasisMs;
      }
    }
    return n == 0 ? 0.0 : sumAge / n / 1000.0;
  }

  /** Counter value, for tests and the simulation. */
  public double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }
}
