package org.issastream.embedded;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Configuration of {@link EmbeddedKafka}. Any key under {@value #BROKER_PREFIX} is passed to the
 * broker unchanged (prefix stripped) and wins over the single-node defaults.
 */
public final class EmbeddedKafkaConfig extends AbstractConfig {
  public static final String HOST = "host";
  public static final String BROKER_PORT = "broker.port";
  public static final String CONTROLLER_PORT = "controller.port";
  public static final String DATA_DIR = "data.dir";
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
  public static final String NUM_PARTITIONS = "num.partitions";
  public static final String STARTUP_TIMEOUT_MS = "startup.timeout.ms";
  public static final String BROKER_PREFIX = "broker.override.";

  private static final ConfigDef DEF = new ConfigDef()
      .define(HOST, Type.STRING, "localhost", Importance.HIGH,
          "Host name the listeners bind to and advertise; clients must resolve it.")
      .define(BROKER_PORT, Type.INT, 0, Range.between(0, 65535), Importance.HIGH,
          "Client (PLAINTEXT) port; 0 picks a free port.")
      .define(CONTROLLER_PORT, Type.INT, 0, Range.between(0, 65535), Importance.LOW,
          "KRaft controller port; 0 picks a free port.")
      .define(DATA_DIR, Type.STRING, "", Importance.HIGH,
          "Log and metadata directory. Empty: a fresh temporary directory, deleted on close. A given "
              + "directory is formatted on first use and kept, so data survives restarts.")
      .define(MAX_MESSAGE_BYTES, Type.INT, 16 * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
          "Broker message.max.bytes (largest record batch), and the matching replica fetch size. "
              + "Image records need more than Kafka's 1 MiB default.")
      .define(NUM_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
          "Default partitions of auto-created topics.")
      .define(STARTUP_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
          "How long start() waits for the broker to answer metadata requests.");

  public EmbeddedKafkaConfig(Map<?, ?> originals) {
    super(DEF, originals);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(DEF);
  }

  /** Broker overrides: every original key under {@value #BROKER_PREFIX}, prefix stripped. */
  public Map<String, Object> brokerOverrides() {
    return originalsWithPrefix(BROKER_PREFIX);
  }
}
