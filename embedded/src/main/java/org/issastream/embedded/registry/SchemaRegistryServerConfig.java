package org.issastream.embedded.registry;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.issastream.schemas.registry.CompatibilityLevel;

/**
 * Configuration of the embedded {@link SchemaRegistryServer}. Key names follow Confluent's registry
 * where one exists ({@code kafkastore.topic}, {@code schema.compatibility.level}). Kafka client
 * properties for the store (security and the like) go under {@value #KAFKASTORE_PREFIX}.
 */
public final class SchemaRegistryServerConfig extends AbstractConfig {
  public static final String BOOTSTRAP_SERVERS = "kafkastore.bootstrap.servers";
  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String TOPIC = "kafkastore.topic";
  public static final String COMPATIBILITY_LEVEL = "schema.compatibility.level";
  public static final String TIMEOUT_MS = "kafkastore.timeout.ms";
  public static final String BASIC_AUTH_USER_INFO = "authentication.basic.user.info";
  public static final String KAFKASTORE_PREFIX = "kafkastore.client.";

  private static final ConfigDef DEF = new ConfigDef()
      .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Kafka cluster that holds the schema log.")
      .define(HOST, Type.STRING, "localhost", Importance.HIGH, "Address the HTTP listener binds to.")
      .define(PORT, Type.INT, 8081, Range.between(0, 65535), Importance.HIGH,
          "HTTP port; 0 picks a free port (see SchemaRegistryServer.url()).")
      .define(TOPIC, Type.STRING, "_schemas", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          "The compacted single-partition topic holding the registry's log (Confluent layout); created if missing.")
      .define(COMPATIBILITY_LEVEL, Type.STRING, "BACKWARD", ConfigDef.CaseInsensitiveValidString.in(
              "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"),
          Importance.MEDIUM, "Global compatibility level until one is set through PUT /config.")
      .define(TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(100), Importance.LOW,
          "Timeout for reading the log at start and for each write to be read back.")
      .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.LOW,
          "If set (user:password), every request must carry these HTTP basic-auth credentials.");

  public SchemaRegistryServerConfig(Map<?, ?> originals) {
    super(DEF, originals);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(DEF);
  }

  public CompatibilityLevel compatibilityLevel() {
    return CompatibilityLevel.valueOf(getString(COMPATIBILITY_LEVEL).toUpperCase(java.util.Locale.ROOT));
  }

  /** user:password or null. */
  public String basicAuthUserInfo() {
    Password p = getPassword(BASIC_AUTH_USER_INFO);
    return p == null ? null : p.value();
  }

  /** Kafka client overrides for the store: keys under {@value #KAFKASTORE_PREFIX}, prefix stripped. */
  public Map<String, Object> clientOverrides() {
    return originalsWithPrefix(KAFKASTORE_PREFIX);
  }
}
