package org.issastream.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * Configuration of an augment worker. Built from a plain map (tests pass {@code Map.of(...)});
 * only the CLI reads the environment. Kafka client settings pass through unchanged under the
 * {@value #KAFKA_PREFIX} prefix (e.g. {@code kafka.security.protocol}).
 */
public final class WorkerConfig extends AbstractConfig {

  public static final String KAFKA_PREFIX = "kafka.";

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String REGISTRY_URL = "schema.registry.url";
  public static final String GROUP_ID = "group.id";
  public static final String INSTANCE_ID = "instance.id";
  public static final String TOPIC_IMAGES = "topic.images";
  public static final String TOPIC_EXEMPLARS = "topic.exemplars";
  public static final String TOPIC_STYLE_CODES = "topic.style.codes";
  public static final String TOPIC_POOL = "topic.pool";
  public static final String TOPIC_AUGMENTED = "topic.augmented";
  public static final String TOPIC_PROXY = "topic.proxy";
  public static final String TOPIC_DLQ = "topic.dlq";
  public static final String VARIANTS = "variants.per.image";
  public static final String STYLE_POLICY = "style.policy";
  public static final String SEED = "seed";
  public static final String MIX_SLOTS = "mix.slots";
  public static final String MIX_STRENGTH = "mix.strength";
  public static final String BATCH_MAX_RECORDS = "batch.max.records";
  public static final String BATCH_MAX_DELAY_MS = "batch.max.delay.ms";
  public static final String CODEC_DIR = "codec.dir";
  public static final String CODEC_DEVICE = "codec.device";
  public static final String IMAGE_MAX_BYTES = "image.max.bytes";
  public static final String IMAGE_MAX_PIXELS = "image.max.pixels";
  public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
  public static final String POOL_WAIT_MS = "pool.wait.ms";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_PORT = "http.port";
  public static final String OUTPUT_PNG_LEVEL = "output.png.compression.level";
  public static final String PIPELINE_DEPTH = "pipeline.depth";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Kafka bootstrap servers.")
      .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Confluent-API schema registry URL.")
      .define(GROUP_ID, Type.STRING, "issa-augment-workers", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Consumer group shared by all augment workers.")
      .define(INSTANCE_ID, Type.STRING, "worker-0", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Stable id of this worker instance; the transactional.id is <group.id>-<instance.id>. Two live "
              + "workers must not share it (the newer fences the older).")
      .define(TOPIC_IMAGES, Type.STRING, "fleet.images", Importance.MEDIUM, "Input topic of fleet images.")
      .define(TOPIC_EXEMPLARS, Type.STRING, "fleet.exemplars", Importance.MEDIUM,
          "Input topic of style-only exemplars (only feed style.codes, origin EXTERNAL).")
      .define(TOPIC_STYLE_CODES, Type.STRING, "style.codes", Importance.MEDIUM, "Output topic of W+ style codes.")
      .define(TOPIC_POOL, Type.STRING, "style.pool", Importance.MEDIUM, "Compacted pool topic the worker replicates.")
      .define(TOPIC_AUGMENTED, Type.STRING, "augmented.samples", Importance.MEDIUM, "Output topic of augmented TRAIN samples.")
      .define(TOPIC_PROXY, Type.STRING, "proxy.validation", Importance.MEDIUM, "Output topic of the stylized proxy validation set.")
      .define(TOPIC_DLQ, Type.STRING, "fleet.images.dlq", Importance.MEDIUM, "Dead-letter topic for bad input.")
      .define(VARIANTS, Type.INT, 4, Range.between(1, 64), Importance.HIGH,
          "K: augmented variants synthesised per labelled TRAIN image.")
      .define(STYLE_POLICY, Type.STRING, "uniform",
          ValidString.in("uniform", "condition-balanced", "other-condition"), Importance.MEDIUM,
          "How styles are drawn from the pool: uniform over entries; condition-balanced (bucket first, then "
              + "entry); other-condition (only buckets whose condition differs from the content's).")
      .define(SEED, Type.LONG, 20231L, Importance.LOW,
          "Seed of style sampling; with a fixed pool, outputs are a deterministic function of (seed, image id, variant).")
      .define(MIX_SLOTS, Type.LIST, List.of(), Importance.LOW,
          "W+ slots taken from the style image; empty = the codec manifest's default (all, as in the paper).")
      .define(MIX_STRENGTH, Type.DOUBLE, 1.0, Range.between(0.0, 1.0), Importance.LOW,
          "Interpolation strength on the mixed slots (1 = the style image's codes).")
      .define(BATCH_MAX_RECORDS, Type.INT, 16, Range.between(1, 4096), Importance.HIGH,
          "Micro-batch: most input records inverted together (also max.poll.records).")
      .define(BATCH_MAX_DELAY_MS, Type.LONG, 250L, Range.atLeast(0), Importance.MEDIUM,
          "Micro-batch: longest wait for a batch to fill before processing what arrived.")
      .define(CODEC_DIR, Type.STRING, "", Importance.HIGH,
          "Codec directory with manifest.json; empty = the bundled mini codec.")
      .define(CODEC_DEVICE, Type.STRING, "cpu", Importance.MEDIUM, "Codec device: cpu, gpu or gpu:N.")
      .define(IMAGE_MAX_BYTES, Type.LONG, 16L << 20, Range.atLeast(1), Importance.MEDIUM,
          "Largest accepted encoded image; larger ones go to the dead-letter topic.")
      .define(IMAGE_MAX_PIXELS, Type.LONG, 16_000_000L, Range.atLeast(1), Importance.MEDIUM,
          "Largest accepted width × height (checked from the header before decoding).")
      .define(TRANSACTION_TIMEOUT_MS, Type.INT, 120_000, Range.atLeast(1000), Importance.LOW,
          "Producer transaction timeout; a batch must finish well inside it.")
      .define(POOL_WAIT_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
          "At start, how long to wait for the pool replica to catch up before consuming.")
      .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.LOW,
          "Bind address of /metrics, /health and /ready (localhost unless configured).")
      .define(HTTP_PORT, Type.INT, 9401, Range.between(-1, 65535), Importance.LOW,
          "Port of the HTTP endpoint; 0 = any free port, -1 = disabled.")
      .define(OUTPUT_PNG_LEVEL, Type.INT, 1, Range.between(0, 9), Importance.LOW,
          "zlib level of the synthesised images' PNGs. 1 is about 7x faster than 6 on 64x128 images "
              + "for about 9 % more bytes; labels are passed through as received.")
      .define(PIPELINE_DEPTH, Type.INT, 3, Range.between(1, 8), Importance.LOW,
          "Micro-batches in flight through the worker's stages (decode, codec, encode, commit): the codec "
              + "works on batch N while N+1 is decoded and N-1 is encoded, sent and committed; each batch "
              + "still has its own transaction, committed in poll order. 1 = strictly one batch at a time. "
              + "Memory bound: depth x batch.max.records images.");

  public WorkerConfig(Map<String, ?> props) {
    super(CONFIG, props, false);
  }

  public String transactionalId() {
    return getString(GROUP_ID) + "-" + getString(INSTANCE_ID);
  }

  /** Kafka client settings given under {@value #KAFKA_PREFIX}, plus bootstrap servers. */
  public Map<String, Object> kafkaClientProps() {
    Map<String, Object> m = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
    m.put("bootstrap.servers", getString(BOOTSTRAP_SERVERS));
    return m;
  }

  /** Serde settings: the registry URL plus any {@code serde.*} keys without the prefix. */
  public Map<String, Object> serdeProps() {
    Map<String, Object> m = new HashMap<>(originalsWithPrefix("serde."));
    m.put("schema.registry.url", getString(REGISTRY_URL));
    return m;
  }

  public int[] mixSlots() {
    return getList(MIX_SLOTS).stream().mapToInt(s -> Integer.parseInt(s.trim())).toArray();
  }

  public String stylePolicy() {
    return getString(STYLE_POLICY).toLowerCase(Locale.ROOT);
  }

  /** Keys with their documentation, for {@code issa worker --help-config} and docs. */
  public static String documentation() {
    return CONFIG.toRst();
  }
}
