package org.issastream.streams.curator;

import static org.issastream.streams.curator.CuratorTopologyTest.CLEAR;
import static org.issastream.streams.curator.CuratorTopologyTest.MIN;
import static org.issastream.streams.curator.CuratorTopologyTest.SNOW;
import static org.issastream.streams.curator.CuratorTopologyTest.T0;
import static org.issastream.streams.curator.CuratorTopologyTest.dir;
import static org.issastream.streams.curator.CuratorTopologyTest.fleet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.registry.InMemorySchemaRegistryClient;
import org.issastream.schemas.serde.AvroSerde;
import org.junit.jupiter.api.Test;

/**
 * The admission processor alone on MockProcessorContext, with stores that outlive the processor:
 * what a restart (or a task moving to another instance) sees.
 */
class AdmissionProcessorTest {

  final MockProcessorContext<String, PoolEntry> ctx = new MockProcessorContext<>();
  final KeyValueStore<String, PoolEntry> slots =
      Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CuratorTopology.SLOT_STORE),
              Serdes.String(), AvroSerde.specific(PoolEntry.class, new InMemorySchemaRegistryClient()))
          .withLoggingDisabled().build();
  final KeyValueStore<String, Long> seen =
      Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CuratorTopology.SEEN_STORE),
              Serdes.String(), Serdes.Long())
          .withLoggingDisabled().build();
  final CuratorMetrics metrics = new CuratorMetrics(new SimpleMeterRegistry(), T0::toEpochMilli);

  AdmissionProcessorTest() {
    slots.init(ctx.getStateStoreContext(), slots);
    seen.init(ctx.getStateStoreContext(), seen);
    ctx.addStateStore(slots);
    ctx.addStateStore(seen);
    ctx.setCurrentSystemTimeMs(T0.toEpochMilli());
  }

  AdmissionProcessor processor(Map<String, Object> overrides) {
    AdmissionProcessor p =
        new AdmissionProcessor(new CuratorConfig(CuratorTopologyTest.config(overrides)), metrics);
    p.init(ctx);
    return p;
  }

  void offer(AdmissionProcessor p, String bucket, StyleCode c) {
    p.process(new Record<>(bucket, c, T0.toEpochMilli()));
  }

  /** Fires the TTL sweep of the most recently initialised processor. */
  void sweep(long nowMs) {
    var punctuators = ctx.scheduledPunctuators();
    punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(nowMs);
  }

  List<String> forwardedKeys() {
    return ctx.forwarded().stream().map(f -> (String) f.record().key()).toList();
  }

  @Test
  void restartRebuildsTheIndexFromTheStoreAndKeepsDedupMemory() {
    AdmissionProcessor first = processor(Map.of());
    offer(first, "clear", fleet("a", dir(0, 0), CLEAR, MIN));
    offer(first, "clear", fleet("b", dir(2, 0), CLEAR, MIN));
    first.close();
    ctx.resetForwards();

    AdmissionProcessor second = processor(Map.of());
    offer(second, "clear", fleet("a", dir(5, 0), CLEAR, MIN)); // same id: duplicate
    offer(second, "clear", fleet("near-b", dir(2, 0.1f), CLEAR, MIN)); // restored b makes it redundant
    assertTrue(ctx.forwarded().isEmpty());
    assertEquals(1.0, metrics.count("issa.curator.rejections", "reason", "duplicate"));
    assertEquals(1.0, metrics.count("issa.curator.rejections", "reason", "not-novel"));
    assertEquals(2, metrics.entries("clear"), "restored entries are reported");
    // the bucket is full after the restart: a third code replaces, it does not take a third slot
    offer(second, "clear", fleet("c", dir(4, 0), CLEAR, 0));
    assertEquals(List.of("clear/0"), forwardedKeys());
  }

  @Test
  void slotsTheNewConfigurationNoLongerHasAreTombstonedOnce() {
    AdmissionProcessor first = processor(Map.of());
    offer(first, "clear", fleet("a", dir(0, 0), CLEAR, MIN));
    offer(first, "clear", fleet("b", dir(2, 0), CLEAR, MIN));
    offer(first, "snow", fleet("s", dir(4, 0), SNOW, MIN));
    first.close();
    ctx.resetForwards();

    // clear shrinks to one slot and snow loses its bucket
    AdmissionProcessor second =
        processor(Map.of(CuratorConfig.CAPACITY, 3, CuratorConfig.QUOTAS, "clear:1,unknown:1,external:1"));
    assertTrue(ctx.forwarded().isEmpty(), "nothing may be forwarded from init");
    sweep(T0.toEpochMilli() + MIN);
    List<CapturedForward<? extends String, ? extends PoolEntry>> out = ctx.forwarded();
    assertEquals(List.of("clear/1", "snow/0"), forwardedKeys().stream().sorted().toList());
    assertTrue(out.stream().allMatch(f -> f.record().value() == null));
    assertNull(slots.get("snow/0"));
    assertEquals("a", slots.get("clear/0").getStyle().getImageId());
    assertEquals(2.0, metrics.count("issa.curator.evictions", "cause", "reconcile"));
    ctx.resetForwards();
    sweep(T0.toEpochMilli() + 2 * MIN);
    assertTrue(ctx.forwarded().isEmpty(), "evicted once");
  }

  @Test
  void dedupMemoryIsPurgedAfterItsRetention() {
    AdmissionProcessor p = processor(Map.of(CuratorConfig.DEDUP_RETENTION_MS, 10 * MIN));
    offer(p, "clear", fleet("a", dir(0, 0), CLEAR, 0));
    assertEquals(T0.toEpochMilli(), seen.get("a"));
    sweep(T0.toEpochMilli() + 11 * MIN);
    assertNull(seen.get("a"));
    assertEquals("a", slots.get("clear/0").getStyle().getImageId(), "the entry itself stays");
  }
}
