package org.issastream.streams.curator;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.issastream.streams.curator.policy.AgeBasis;
import org.issastream.streams.curator.policy.PolicySettings;
import org.issastream.streams.curator.policy.QuotaPlan;
import org.issastream.streams.curator.policy.ReplacementPolicy;

/**
 * Configuration of the pool curator. Built from a plain map; keys under {@value #STREAMS_PREFIX}
 * pass through unchanged (prefix stripped) to Kafka Streams, e.g. {@code
 * streams.bootstrap.servers}, and keys under {@value #SERDE_PREFIX} to the Avro serdes, e.g. {@code
 * serde.schema.registry.url}.
 */
public final class CuratorConfig extends AbstractConfig {

  public static final String STREAMS_PREFIX = "streams.";
  public static final String SERDE_PREFIX = "serde.";

  public static final String INPUT_TOPIC = "curator.input.topic";
  public static final String POOL_TOPIC = "curator.pool.topic";
  public static final String DLQ_TOPIC = "curator.dlq.topic";
  public static final String CODEC_ID = "curator.codec.id";
  public static final String NUM_STYLES = "curator.codec.num.styles";
  public static final String STYLE_DIM = "curator.codec.style.dim";
  public static final String CAPACITY = "curator.pool.capacity";
  public static final String QUOTAS = "curator.pool.quotas";
  public static final String MAX_SIMILARITY = "curator.novelty.max.similarity";
  public static final String REPLACEMENT = "curator.replacement.policy";
  public static final String TTL_MS = "curator.ttl.ms";
  public static final String AGE_BASIS = "curator.age.basis";
  public static final String TTL_CHECK_INTERVAL_MS = "curator.ttl.check.interval.ms";
  public static final String DEDUP_RETENTION_MS = "curator.dedup.retention.ms";
  public static final String HTTP_HOST = "curator.http.host";
  public static final String HTTP_PORT = "curator.http.port";

  public static final String DEFAULT_QUOTAS =
      "clear:1,overcast:1,fog:1,rain:1,snow:1,dusk:1,night:1,unknown:0.5,external:0.5";

  private static final ConfigDef.Validator NON_BLANK = new ConfigDef.NonEmptyStringWithoutControlChars();

  public static final ConfigDef CONFIG =
      new ConfigDef()
          .define(INPUT_TOPIC, Type.STRING, "style.codes", NON_BLANK, Importance.HIGH,
              "Topic of StyleCode records (key: image id) from workers and extra-source exemplars.")
          .define(POOL_TOPIC, Type.STRING, "style.pool", NON_BLANK, Importance.HIGH,
              "Compacted output topic: key slot id, value PoolEntry, tombstone on eviction.")
          .define(DLQ_TOPIC, Type.STRING, "style.codes.dlq", NON_BLANK, Importance.HIGH,
              "Dead-letter topic for input the curator cannot use (undecodable, wrong codec or"
                  + " shape, invalid values): original key and value bytes, reason in headers.")
          .define(CODEC_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, NON_BLANK, Importance.HIGH,
              "Codec id whose codes the pool holds; codes of any other codec are dead-lettered.")
          .define(NUM_STYLES, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(1),
              Importance.HIGH, "L, style slots per code, as the codec produces them.")
          .define(STYLE_DIM, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(1),
              Importance.HIGH, "D, width of each style slot.")
          .define(CAPACITY, Type.INT, 512, Range.between(1, 1 << 20), Importance.HIGH,
              "N, total slots of the pool; split over the buckets by the quota weights.")
          .define(QUOTAS, Type.LIST, DEFAULT_QUOTAS, quotaValidator(), Importance.HIGH,
              "Bucket weights 'bucket:weight,...'. Buckets: a condition id (clear, overcast, fog,"
                  + " rain, snow, dusk, night, <weather>-dusk, <weather>-night), condition@place for"
                  + " a place-specific bucket, 'external' for EXTERNAL exemplars, 'unknown' for the"
                  + " catch-all (unknown or unlisted conditions). Slots are apportioned by largest"
                  + " remainder so they sum to the capacity. Weight 0 rejects that bucket's codes.")
          .define(MAX_SIMILARITY, Type.DOUBLE, 0.995, Range.between(-1.0, 1.0), Importance.MEDIUM,
              "Novelty threshold: a code whose cosine similarity to an entry of its bucket exceeds"
                  + " this is rejected. 1.0 admits everything.")
          .define(REPLACEMENT, Type.STRING, ReplacementPolicy.OLDEST.configName(),
              ConfigDef.ValidString.in("oldest", "least-novel"), Importance.MEDIUM,
              "Entry a full bucket replaces: 'oldest' (by the age basis) or 'least-novel' (the"
                  + " entry most similar to another entry or to the candidate).")
          .define(TTL_MS, Type.LONG, 24L * 3600 * 1000, Range.atLeast(1), Importance.MEDIUM,
              "Entries older than this are evicted (tombstoned); codes already older are rejected.")
          .define(AGE_BASIS, Type.STRING, AgeBasis.CAPTURE.configName(),
              ConfigDef.ValidString.in("capture", "admission"), Importance.MEDIUM,
              "Timestamp ages are measured from, for TTL and 'oldest': the source image's capture"
                  + " time or the curator's admission time.")
          .define(TTL_CHECK_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(10), Importance.LOW,
              "Wall-clock punctuation interval of the TTL sweep.")
          .define(DEDUP_RETENTION_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.LOW,
              "How long an admitted image id is remembered to reject re-sent duplicates; -1 = the"
                  + " TTL.")
          .define(HTTP_HOST, Type.STRING, "127.0.0.1", NON_BLANK, Importance.LOW,
              "Bind address of the query and metrics HTTP endpoint (localhost by default).")
          .define(HTTP_PORT, Type.INT, 7072, Range.between(-1, 65535), Importance.LOW,
              "Port of the HTTP endpoint; 0 picks a free port, -1 disables it.");

  private final QuotaPlan plan;

  public CuratorConfig(Map<?, ?> props) {
    super(CONFIG, props, false);
    try {
      plan =
          QuotaPlan.apportion(getInt(CAPACITY), QuotaPlan.parseWeights(getList(QUOTAS)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(QUOTAS, getList(QUOTAS), e.getMessage());
    }
  }

  private static ConfigDef.Validator quotaValidator() {
    return (name, value) -> {
      try {
        @SuppressWarnings("unchecked")
        List<String> items = (List<String>) value;
        QuotaPlan.apportion(1 << 20, QuotaPlan.parseWeights(items));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    };
  }

  public QuotaPlan quotaPlan() {
    return plan;
  }

  public PolicySettings policySettings() {
    return new PolicySettings(
        getDouble(MAX_SIMILARITY),
        ReplacementPolicy.fromConfig(getString(REPLACEMENT)),
        AgeBasis.fromConfig(getString(AGE_BASIS)),
        getLong(TTL_MS));
  }

  public String inputTopic() {
    return getString(INPUT_TOPIC);
  }

  public String poolTopic() {
    return getString(POOL_TOPIC);
  }

  public String dlqTopic() {
    return getString(DLQ_TOPIC);
  }

  public String codecId() {
    return getString(CODEC_ID);
  }

  public int numStyles() {
    return getInt(NUM_STYLES);
  }

  public int styleDim() {
    return getInt(STYLE_DIM);
  }

  public long ttlCheckIntervalMs() {
    return getLong(TTL_CHECK_INTERVAL_MS);
  }

  public long dedupRetentionMs() {
    long r = getLong(DEDUP_RETENTION_MS);
    return r < 0 ? getLong(TTL_MS) : r;
  }

  /**
   * Avro serde configuration: every {@code serde.*} key with the prefix stripped, e.g. {@code
   * serde.schema.registry.url=http://registry:8081} (Confluent key names).
   */
  public Map<String, Object> serdeConfigs() {
    return originalsWithPrefix(SERDE_PREFIX, true);
  }

  public String httpHost() {
    return getString(HTTP_HOST);
  }

  public int httpPort() {
    return getInt(HTTP_PORT);
  }

  /**
   * Kafka Streams properties: the curator's defaults (application id {@code issa-curator},
   * exactly_once_v2, the dead-letter handlers) overlaid with every {@code streams.*} key.
   */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "issa-curator");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, dlqTopic());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Deserialization.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Processing.class.getName());
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Production.class.getName());
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.putAll(originalsWithPrefix(STREAMS_PREFIX, true));
    return p;
  }

  /** The documented keys as a table, for docs and {@code --help}. */
  public static String documentation() {
    return CONFIG.toRst();
  }
}
