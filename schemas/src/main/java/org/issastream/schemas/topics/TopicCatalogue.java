package org.issastream.schemas.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.TrainingReport;

/**
 * Every topic of the system (architecture.md, "Topics"), named with an optional prefix. Services ask
 * the catalogue for names instead of hard-coding them, so a test can run a whole pipeline on
 * {@code t17.fleet.images} etc. next to other tests.
 */
public final class TopicCatalogue {
  public static final String FLEET_IMAGES = "fleet.images";
  public static final String FLEET_EXEMPLARS = "fleet.exemplars";
  public static final String STYLE_CODES = "style.codes";
  public static final String STYLE_POOL = "style.pool";
  public static final String AUGMENTED_SAMPLES = "augmented.samples";
  public static final String PROXY_VALIDATION = "proxy.validation";
  public static final String FLEET_IMAGES_DLQ = "fleet.images.dlq";
  /** Dead letters of the pool curator (style codes it could not read or use). */
  public static final String STYLE_CODES_DLQ = "style.codes.dlq";
  public static final String TRAINING_REPORTS = "training.reports";
  public static final String SCHEMAS = "_schemas";

  private final String prefix;
  private final Map<String, TopicSpec> specs = new LinkedHashMap<>();

  public TopicCatalogue(Map<String, ?> config) {
    this(new TopicsConfig(config));
  }

  public TopicCatalogue(TopicsConfig config) {
    this.prefix = config.getString(TopicsConfig.PREFIX);
    int p = config.getInt(TopicsConfig.PARTITIONS);
    short rf = config.getShort(TopicsConfig.REPLICATION_FACTOR);
    String imageMax = String.valueOf(config.getInt(TopicsConfig.IMAGE_MAX_MESSAGE_BYTES));
    Map<String, String> images = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, imageMax);
    Map<String, String> compactImages = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, imageMax);
    Map<String, String> plain = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    add(FLEET_IMAGES, p, rf, images, FleetImage.class);
    add(FLEET_EXEMPLARS, p, rf, images, FleetImage.class);
    add(STYLE_CODES, p, rf, plain, StyleCode.class);
    add(STYLE_POOL, config.getInt(TopicsConfig.POOL_PARTITIONS), rf, compact, PoolEntry.class);
    add(AUGMENTED_SAMPLES, p, rf, images, AugmentedSample.class);
    // the proxy validation set is kept (latest per sample id), not aged out
    add(PROXY_VALIDATION, p, rf, compactImages, AugmentedSample.class);
    add(FLEET_IMAGES_DLQ, p, rf, images, null);
    add(STYLE_CODES_DLQ, p, rf, plain, null);
    add(TRAINING_REPORTS, 1, rf, plain, TrainingReport.class);
    specs.put(SCHEMAS, new TopicSpec(SCHEMAS, prefix + config.getString(TopicsConfig.SCHEMAS_TOPIC), 1, rf, compact, null));
  }

  private void add(String role, int partitions, short rf, Map<String, String> configs, Class<?> valueType) {
    specs.put(role, new TopicSpec(role, prefix + role, partitions, rf, configs, valueType));
  }

  /** The prefix every name carries. */
  public String prefix() {
    return prefix;
  }

  /** The actual name of a logical topic, e.g. {@code name(FLEET_IMAGES)}. */
  public String name(String role) {
    return spec(role).name();
  }

  public TopicSpec spec(String role) {
    TopicSpec s = specs.get(role);
    if (s == null) {
      throw new IllegalArgumentException("Unknown topic role '" + role + "'; known: " + specs.keySet());
    }
    return s;
  }

  /** All topics, in data-flow order, the registry log last. */
  public List<TopicSpec> all() {
    return new ArrayList<>(specs.values());
  }

  public String fleetImages() { return name(FLEET_IMAGES); }
  public String fleetExemplars() { return name(FLEET_EXEMPLARS); }
  public String styleCodes() { return name(STYLE_CODES); }
  public String stylePool() { return name(STYLE_POOL); }
  public String augmentedSamples() { return name(AUGMENTED_SAMPLES); }
  public String proxyValidation() { return name(PROXY_VALIDATION); }
  public String fleetImagesDlq() { return name(FLEET_IMAGES_DLQ); }
  public String styleCodesDlq() { return name(STYLE_CODES_DLQ); }
  public String trainingReports() { return name(TRAINING_REPORTS); }
  public String schemas() { return name(SCHEMAS); }
}
