package org.issastream.schemas.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.issastream.schemas.registry.SchemaRegistryClient;

/**
 * Kafka / Kafka Streams serde over {@link AvroSerializer} and {@link AvroDeserializer}.
 *
 * <pre>{@code
 * Serde<FleetImage> images = AvroSerde.specific(FleetImage.class);
 * images.configure(Map.of("schema.registry.url", url), false);
 * // tests: AvroSerde.specific(FleetImage.class, new InMemorySchemaRegistryClient())
 * }</pre>
 */
public class AvroSerde<T> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** A generic serde for reflective construction (e.g. {@code default.value.serde}); call configure. */
  public AvroSerde() {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new AvroDeserializer<>();
  }

  /** A serde over {@code client}; call {@link #configure} for options and key/value. */
  public AvroSerde(SchemaRegistryClient client) {
    this.serializer = new AvroSerializer<>(client);
    this.deserializer = new AvroDeserializer<>(client);
    configure(Map.of(), false);
  }

  /** A serde for the generated class {@code type}; {@link #configure} creates the registry client. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type) {
    AvroSerde<T> serde = new AvroSerde<>();
    serde.deserializer.readInto(type);
    return serde;
  }

  /** A ready value serde for {@code type} over {@code client}. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistryClient client) {
    AvroSerde<T> serde = new AvroSerde<>(client);
    serde.deserializer.readInto(type);
    return serde;
  }

  /** A ready value serde for generic records over {@code client}. */
  public static AvroSerde<GenericRecord> generic(SchemaRegistryClient client) {
    return new AvroSerde<>(client);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Class<?> type = deserializerType();
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
    if (type != null) {
      deserializer.readInto(type);
    }
  }

  private Class<?> deserializerType() {
    return deserializer.specificTypeOrNull();
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
