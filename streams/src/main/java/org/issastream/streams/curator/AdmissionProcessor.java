package org.issastream.streams.curator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.issastream.schemas.CodeDType;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.streams.curator.CuratorMetrics.EvictionCause;
import org.issastream.streams.curator.policy.AgeBasis;
import org.issastream.streams.curator.policy.BucketPool;
import org.issastream.streams.curator.policy.Decision;
import org.issastream.streams.curator.policy.Member;
import org.issastream.streams.curator.policy.PolicySettings;
import org.issastream.streams.curator.policy.QuotaPlan;
import org.issastream.streams.curator.policy.RejectReason;
import org.issastream.streams.curator.policy.StyleVectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage, keyed by bucket: dedup, TTL, novelty, quota and replacement. The slot store is the
 * source of truth (changelogged, restored on restart); the {@link BucketPool}s are an in-memory
 * index of it, rebuilt in {@link #init}. Every store change is forwarded as a pool update (slot id
 * -> entry) or a tombstone (slot id -> null) in the same transaction, so the compacted pool topic
 * and the store never diverge.
 *
 * <p>Time: admission and TTL use wall-clock time ({@code currentSystemTimeMs}), the same clock the
 * TTL punctuation runs on, so a replayed backlog is judged by its real age.
 */
final class AdmissionProcessor extends ContextualProcessor<String, StyleCode, String, PoolEntry> {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionProcessor.class);

  private final CuratorConfig config;
  private final QuotaPlan plan;
  private final PolicySettings policy;
  private final CuratorMetrics metrics;
  private final int numValues;

  private KeyValueStore<String, PoolEntry> slots;
  private KeyValueStore<String, Long> seen;
  private final Map<String, BucketPool> pools = new HashMap<>();
  private final List<String> pendingEvictions = new ArrayList<>();

  AdmissionProcessor(CuratorConfig config, CuratorMetrics metrics) {
    this.config = config;
    this.plan = config.quotaPlan();
    this.policy = config.policySettings();
    this.metrics = metrics;
    this.numValues = config.numStyles() * config.styleDim();
  }

  @Override
  public void init(ProcessorContext<String, PoolEntry> context) {
    super.init(context);
    slots = context.getStateStore(CuratorTopology.SLOT_STORE);
    seen = context.getStateStore(CuratorTopology.SEEN_STORE);
    pools.clear();
    pendingEvictions.clear();
    int restored = 0;
    try (KeyValueIterator<String, PoolEntry> it = slots.all()) {
      while (it.hasNext()) {
        KeyValue<String, PoolEntry> kv = it.next();
        if (restore(kv.key, kv.value)) {
          restored++;
        } else {
          pendingEvictions.add(kv.key);
        }
      }
    }
    if (restored > 0 || !pendingEvictions.isEmpty()) {
      LOG.info("task {}: restored {} pool entries, {} slots no longer valid and to be evicted",
          context.taskId(), restored, pendingEvictions.size());
    }
    pools.values().forEach(this::report);
    context.schedule(
        Duration.ofMillis(config.ttlCheckIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  // Re-indexes one stored entry; false when its slot does not exist under the current config.
  private boolean restore(String slotId, PoolEntry e) {
    String bucket = QuotaPlan.bucketOfSlot(slotId);
    int index = QuotaPlan.indexOfSlot(slotId);
    StyleCode code = e.getStyle();
    if (index < 0 || index >= plan.quota(bucket) || !config.codecId().equals(code.getCodecId())) {
      return false;
    }
    float[] unit;
    try {
      unit = decode(code);
    } catch (StyleVectors.InvalidCodesException ex) {
      return false;
    }
    pool(bucket).put(index, member(e, unit));
    return true;
  }

  private BucketPool pool(String bucket) {
    return pools.computeIfAbsent(bucket, b -> new BucketPool(b, plan.quota(b)));
  }

  private float[] decode(StyleCode code) throws StyleVectors.InvalidCodesException {
    return StyleVectors.decodeUnit(code.getWPlus(), numValues, code.getDtype() == CodeDType.FLOAT16);
  }

  private static Member member(PoolEntry e, float[] unit) {
    return new Member(
        e.getStyle().getImageId(),
        unit,
        e.getStyle().getCaptureTimeMs().toEpochMilli(),
        e.getAdmittedTimeMs().toEpochMilli(),
        e.getNovelty());
  }

  @Override
  public void process(Record<String, StyleCode> record) {
    long now = context().currentSystemTimeMs();
    flushPendingEvictions(now);
    StyleCode code = record.value();
    String bucket = record.key();
    String imageId = code.getImageId();
    if (seen.get(imageId) != null) {
      reject(RejectReason.DUPLICATE, imageId, "already admitted");
      return;
    }
    float[] unit;
    try {
      unit = decode(code);
    } catch (StyleVectors.InvalidCodesException e) {
      // validated upstream; only reachable if the configuration changed between the two stages
      throw new InvalidStyleCodeException(RejectReason.INVALID_CODES, e.getMessage());
    }
    BucketPool pool = pool(bucket);
    long capture = code.getCaptureTimeMs().toEpochMilli();
    Decision d = pool.offer(imageId, unit, capture, now, policy);
    if (d instanceof Decision.Reject r) {
      reject(r.reason(), imageId, r.detail());
      return;
    }
    Decision.Admit a = (Decision.Admit) d;
    String slotId = QuotaPlan.slotId(bucket, a.slot());
    PoolEntry entry =
        PoolEntry.newBuilder()
            .setSlotId(slotId)
            .setBucket(bucket)
            .setStyle(code)
            .setAdmittedTimeMs(java.time.Instant.ofEpochMilli(now))
            .setNovelty(a.novelty())
            .build();
    if (a.replaced() != null) {
      metrics.evicted(bucket, EvictionCause.REPLACED);
      LOG.debug("{} replaces {} in {}", imageId, a.replaced().imageId(), slotId);
    }
    pool.put(a.slot(), new Member(imageId, unit, capture, now, a.novelty()));
    slots.put(slotId, entry);
    seen.put(imageId, now);
    context().forward(new Record<>(slotId, entry, now));
    metrics.admitted(bucket, code.getOrigin());
    report(pool);
  }

  private void reject(RejectReason reason, String imageId, String detail) {
    metrics.rejected(reason);
    LOG.debug("rejected {} ({}): {}", imageId, reason.label(), detail);
  }

  private void sweep(long now) {
    flushPendingEvictions(now);
    for (BucketPool pool : pools.values()) {
      List<Integer> expired = pool.expired(now, policy);
      for (int index : expired) {
        pool.remove(index);
        evict(QuotaPlan.slotId(pool.bucket(), index), now);
        metrics.evicted(pool.bucket(), EvictionCause.TTL);
      }
      if (!expired.isEmpty()) {
        report(pool);
      }
    }
    long horizon = now - config.dedupRetentionMs();
    List<String> forget = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = seen.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        if (kv.value < horizon) {
          forget.add(kv.key);
        }
      }
    }
    forget.forEach(seen::delete);
  }

  private void flushPendingEvictions(long now) {
    if (pendingEvictions.isEmpty()) {
      return;
    }
    for (String slotId : pendingEvictions) {
      evict(slotId, now);
      metrics.evicted(QuotaPlan.bucketOfSlot(slotId), EvictionCause.RECONCILE);
    }
    pendingEvictions.clear();
  }

  private void evict(String slotId, long now) {
    slots.delete(slotId);
    context().forward(new Record<String, PoolEntry>(slotId, null, now));
  }

  private void report(BucketPool pool) {
    AgeBasis basis = policy.ageBasis();
    long sum = 0;
    for (int i = 0; i < pool.quota(); i++) {
      Member m = pool.get(i);
      if (m != null) {
        sum += m.basisTime(basis);
      }
    }
    metrics.bucket(pool.bucket(), pool.size(), pool.quota(), sum);
  }

  @Override
  public void close() {
    // the buckets move to whichever instance takes the task over; stop reporting them here
    for (BucketPool pool : pools.values()) {
      metrics.bucket(pool.bucket(), 0, pool.quota(), 0);
    }
    pools.clear();
  }
}
