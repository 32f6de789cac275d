package org.issastream.schemas.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Avro serializer, deserializer and the registry client they create. Keys are
 * Confluent's where a Confluent key exists, so a Confluent client configuration works unchanged.
 */
public final class AvroSerdeConfig extends AbstractConfig {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";
  public static final String TRUSTED_PACKAGES = "avro.trusted.packages";

  private static final ConfigDef DEF = new ConfigDef()
      .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString() {
            @Override
            public void ensureValid(String name, Object value) {
              if (value == null || ((List<?>) value).isEmpty()) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "at least one registry URL is required");
              }
            }
          }, Importance.HIGH,
          "Comma-separated registry base URLs (http:// or https://), tried in order; mock://SCOPE selects a "
              + "shared in-memory registry for tests.")
      .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
          "Serializer registers a record's schema if the subject does not hold it yet; if false it only looks it up.")
      .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
          "Serializer writes with the subject's latest registered schema instead of the record's own "
              + "(requires auto.register.schemas=false); the record must be writable with it.")
      .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.MEDIUM,
          "Deserializer returns generated SpecificRecord classes (resolved by the writer's full name) "
              + "instead of GenericRecord.")
      .define(SPECIFIC_AVRO_KEY_TYPE, Type.CLASS, null, Importance.LOW,
          "SpecificRecord class the key deserializer reads into (its schema is the reader schema).")
      .define(SPECIFIC_AVRO_VALUE_TYPE, Type.CLASS, null, Importance.LOW,
          "SpecificRecord class the value deserializer reads into (its schema is the reader schema).")
      .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.MEDIUM,
          "Subject of key schemas: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy "
              + "(Confluent class names accepted) or a SubjectNameStrategy class.")
      .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.MEDIUM,
          "Subject of value schemas, as key.subject.name.strategy.")
      .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, "USER_INFO",
          ValidString.in("USER_INFO", "URL"), Importance.MEDIUM,
          "Where HTTP basic-auth credentials come from: USER_INFO (basic.auth.user.info) or URL (user:pass@host).")
      .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
          "HTTP basic-auth credentials as user:password; none when unset.")
      .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.LOW,
          "Trust store for https registry URLs; the JVM default trust store when unset.")
      .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Trust store password.")
      .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Trust store type (PKCS12 or JKS).")
      .define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
          "Timeout of one registry HTTP request.")
      .define(MAX_SCHEMAS_PER_SUBJECT, Type.INT, 1000, ConfigDef.Range.atLeast(1), Importance.LOW,
          "Capacity of the serializer's schema-to-id cache and the deserializer's id-to-schema cache.")
      .define(TRUSTED_PACKAGES, Type.LIST, List.of("org.issastream.schemas"), Importance.LOW,
          "Packages whose generated classes the specific deserializer may instantiate. Checked here, so "
              + "the serde works without the JVM flag org.apache.avro.SERIALIZABLE_PACKAGES.");

  public AvroSerdeConfig(Map<?, ?> originals) {
    super(DEF, originals, false);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(DEF);
  }

  public List<String> registryUrls() {
    return getList(SCHEMA_REGISTRY_URL);
  }

  /** user:password for basic auth, or null. */
  public String basicAuthUserInfo() {
    Password p = getPassword(BASIC_AUTH_USER_INFO);
    return p == null ? null : p.value();
  }

  public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
    return SubjectNameStrategy.forName(getString(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY));
  }

  /** The configured specific class for keys or values, or null. */
  public Class<?> specificType(boolean isKey) {
    return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE);
  }
}
