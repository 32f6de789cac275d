package org.issastream.schemas.topics;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Configuration of the {@link TopicCatalogue}: naming prefix, partitions, replication, size limits. */
public final class TopicsConfig extends AbstractConfig {
  public static final String PREFIX = "topics.prefix";
  public static final String PARTITIONS = "topics.partitions";
  public static final String POOL_PARTITIONS = "topics.pool.partitions";
  public static final String REPLICATION_FACTOR = "topics.replication.factor";
  public static final String IMAGE_MAX_MESSAGE_BYTES = "topics.image.max.message.bytes";
  public static final String SCHEMAS_TOPIC = "topics.schemas.name";

  private static final ConfigDef DEF = new ConfigDef()
      .define(PREFIX, Type.STRING, "", Importance.HIGH,
          "Prefix prepended to every topic name (e.g. 'test42.' in tests or 'staging.'); empty in production.")
      .define(PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.HIGH,
          "Partitions of the data topics (fleet.images, fleet.exemplars, style.codes, augmented.samples, "
              + "proxy.validation, fleet.images.dlq): the upper bound of worker parallelism.")
      .define(POOL_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
          "Partitions of the compacted style.pool; every worker reads all of them.")
      .define(REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.HIGH,
          "Replication factor of created topics; -1 uses the broker's default.replication.factor.")
      .define(IMAGE_MAX_MESSAGE_BYTES, Type.INT, 16 * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
          "max.message.bytes of the topics that carry images; producers need max.request.size and consumers "
              + "max.partition.fetch.bytes at least this large.")
      .define(SCHEMAS_TOPIC, Type.STRING, "_schemas", new ConfigDef.NonEmptyString(), Importance.LOW,
          "Name of the schema registry's log topic (the registry's kafkastore.topic), before the prefix.");

  public TopicsConfig(Map<?, ?> originals) {
    super(DEF, originals, false);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(DEF);
  }
}
