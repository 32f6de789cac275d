package org.issastream.schemas.serde;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.issastream.schemas.registry.RegistryException;
import org.issastream.schemas.registry.SchemaRegistryClient;

/**
 * Kafka deserializer for Confluent-framed Avro. The writer schema comes from the registry by the id
 * in the frame (cached); the reader schema is the writer's ({@code GenericRecord}), the configured
 * {@code specific.avro.*.type}, or with {@code specific.avro.reader=true} the generated class named
 * like the writer record, so an evolved writer is resolved to the reader's shape.
 *
 * <p>Bad input (too short, unknown magic byte, unknown id, truncated or garbage body, trailing bytes)
 * raises a {@link SerializationException} naming the topic and schema id; the Kafka consumer wraps it
 * in a {@code RecordDeserializationException} that adds partition and offset, and Kafka Streams'
 * deserialization handlers receive the whole record. Thread-safe.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
  private SchemaRegistryClient client;
  private boolean ownsClient;
  private boolean isKey;
  private Class<?> specificType;
  private boolean specificReader;
  private int cacheCapacity = 1000;
  private TrustedSpecificData specificData =
      new TrustedSpecificData(AvroDeserializer.class.getClassLoader(), List.of("org.issastream.schemas"));
  private final Map<Integer, Schema> writerSchemas = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

  /** For Kafka's reflective construction; {@link #configure} creates the registry client. */
  public AvroDeserializer() {}

  /** Uses {@code client} (not closed by {@link #close}); {@link #configure} may still set options. */
  public AvroDeserializer(SchemaRegistryClient client) {
    this.client = client;
  }

  /** A ready deserializer over {@code client}. */
  public AvroDeserializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
    this.client = client;
    configure(configs, isKey);
  }

  /** A ready deserializer that reads into {@code type}, over {@code client}. */
  public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
    this.client = client;
    configure(Map.of(), false);
    this.specificType = type;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    AvroSerdeConfig config = SerdeConfigs.parse(configs, client != null);
    if (client == null) {
      client = RegistryClients.create(config);
      ownsClient = true;
    }
    Class<?> type = config.specificType(isKey);
    if (type != null) {
      if (!SpecificRecord.class.isAssignableFrom(type)) {
        throw new org.apache.kafka.common.config.ConfigException((isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE
            : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE), type.getName(), "not a SpecificRecord class");
      }
      specificType = type;
    }
    specificReader = config.getBoolean(AvroSerdeConfig.SPECIFIC_AVRO_READER);
    cacheCapacity = config.getInt(AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT);
    specificData = new TrustedSpecificData(AvroDeserializer.class.getClassLoader(),
        config.getList(AvroSerdeConfig.TRUSTED_PACKAGES));
    readers.clear();
  }

  Class<?> specificTypeOrNull() {
    return specificType;
  }

  /** Restricts this deserializer to {@code type}; for typed serde factories. */
  void readInto(Class<?> type) {
    this.specificType = type;
    readers.clear();
  }

  @Override
  public T deserialize(String topic, Headers headers, byte[] data) {
    return deserialize(topic, data);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("AvroDeserializer is not configured: call configure() or pass a client");
    }
    String where = (isKey ? "key" : "value") + " from topic '" + topic + "'";
    int id = WireFormat.schemaId(data, where);
    DatumReader<Object> reader = reader(id, where);
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
          data.length - WireFormat.HEADER_SIZE, null);
      Object value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SerializationException("Cannot deserialize " + where + " with schema id " + id
            + ": trailing bytes after the Avro record (payload of " + data.length + " bytes)");
      }
      return (T) value;
    } catch (SerializationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Truncated bodies end in EOFException; garbage bodies in Avro's own errors or, from malformed
      // lengths, index/size exceptions: all become one clear error naming the record.
      throw new SerializationException("Cannot deserialize " + where + " with schema id " + id + " ("
          + data.length + " bytes): malformed or truncated Avro body: " + e, e);
    }
  }

  private DatumReader<Object> reader(int id, String where) {
    DatumReader<Object> reader = readers.get(id);
    if (reader != null) {
      return reader;
    }
    Schema writer = writerSchemas.get(id);
    if (writer == null) {
      try {
        writer = client.getSchemaById(id);
      } catch (RegistryException.SchemaNotFound e) {
        throw new SerializationException("Cannot deserialize " + where + ": unknown schema id " + id
            + " (not in the registry)", e);
      } catch (RegistryException e) {
        throw new SerializationException("Cannot deserialize " + where + ": cannot fetch schema id " + id + ": "
            + e.getMessage(), e);
      }
      if (writerSchemas.size() >= cacheCapacity) {
        writerSchemas.clear();
      }
      writerSchemas.put(id, writer);
    }
    reader = newReader(writer, where);
    if (readers.size() >= cacheCapacity) {
      readers.clear();
    }
    readers.put(id, reader);
    return reader;
  }

  private DatumReader<Object> newReader(Schema writer, String where) {
    Class<?> type = specificType;
    if (type == null && specificReader && writer.getType() == Schema.Type.RECORD) {
      type = specificData.getClass(writer);
      if (type == null) {
        throw new SerializationException("Cannot deserialize " + where + ": no generated class for "
            + writer.getFullName() + " in trusted packages " + AvroSerdeConfig.TRUSTED_PACKAGES);
      }
    }
    if (type == null) {
      return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    if (!specificData.trusted(type.getName())) {
      throw new SerializationException("Cannot deserialize " + where + " into " + type.getName()
          + ": its package is not in " + AvroSerdeConfig.TRUSTED_PACKAGES);
    }
    Schema readerSchema = specificData.getSchema(type);
    return new SpecificDatumReader<>(writer, readerSchema, specificData);
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }
}
