package org.issastream.streams.curator;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;

/**
 * The curator topology:
 *
 * <pre>
 * style.codes ─► style-codes-source ─► validate-codes ─(re-key by bucket)─► codes-by-bucket
 *   (repartition) ─► pool-admission [pool-slots, pool-seen] ─► style-pool-sink ─► style.pool
 *        └─ unusable records: processing handler ─► dead-letter topic
 * </pre>
 *
 * Re-keying by bucket puts each bucket in exactly one task, so quotas, novelty and replacement are
 * decided on the complete bucket while several instances share the load. Both stores are
 * persistent (RocksDB) and changelogged; every processor, store and internal topic has an explicit
 * name (enforced by {@code ensure.explicit.internal.resource.naming}).
 */
public final class CuratorTopology {

  public static final String SOURCE = "style-codes-source";
  public static final String VALIDATE = "validate-codes";
  public static final String REPARTITION = "codes-by-bucket";
  public static final String ADMISSION = "pool-admission";
  public static final String SINK = "style-pool-sink";
  /** Slot id -> PoolEntry: the pool itself, queryable over HTTP. */
  public static final String SLOT_STORE = "pool-slots";
  /** Image id -> admission time: dedup memory, purged after the dedup retention. */
  public static final String SEEN_STORE = "pool-seen";

  private CuratorTopology() {}

  public static Topology buildTopology(
      CuratorConfig config,
      Serde<StyleCode> codeSerde,
      Serde<PoolEntry> poolSerde,
      CuratorMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SLOT_STORE), Serdes.String(), poolSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long()));
    builder
        .stream(config.inputTopic(), Consumed.with(Serdes.String(), codeSerde).withName(SOURCE))
        .process(() -> new ValidateProcessor(config, metrics), Named.as(VALIDATE))
        .repartition(Repartitioned.with(Serdes.String(), codeSerde).withName(REPARTITION))
        .process(
            () -> new AdmissionProcessor(config, metrics),
            Named.as(ADMISSION),
            SLOT_STORE,
            SEEN_STORE)
        .to(config.poolTopic(), Produced.with(Serdes.String(), poolSerde).withName(SINK));
    return builder.build();
  }
}
