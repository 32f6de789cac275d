package org.issastream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.issastream.schemas.registry.RegistryException;
import org.issastream.schemas.registry.SchemaRegistryClient;

/**
 * Kafka serializer for Avro {@link SpecificRecord}s and {@link org.apache.avro.generic.GenericRecord}s
 * in Confluent's wire format. The record's schema is registered (or looked up, with
 * {@code auto.register.schemas=false}) under the subject the configured strategy names; ids are
 * cached, so the registry is asked once per schema and subject. Thread-safe.
 */
public class AvroSerializer<T> implements Serializer<T> {
  private SchemaRegistryClient client;
  private boolean ownsClient;
  private boolean isKey;
  private boolean autoRegister = true;
  private boolean useLatest;
  private int cacheCapacity = 1000;
  private SubjectNameStrategy strategy = SubjectNameStrategy.TOPIC;
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<String, Schema> latestBySubject = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  /** For Kafka's reflective construction; {@link #configure} creates the registry client. */
  public AvroSerializer() {}

  /** Uses {@code client} (not closed by {@link #close}); {@link #configure} may still set options. */
  public AvroSerializer(SchemaRegistryClient client) {
    this.client = client;
  }

  /** A ready serializer over {@code client}. */
  public AvroSerializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
    this.client = client;
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    AvroSerdeConfig config = SerdeConfigs.parse(configs, client != null);
    if (client == null) {
      client = RegistryClients.create(config);
      ownsClient = true;
    }
    autoRegister = config.getBoolean(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
    useLatest = config.getBoolean(AvroSerdeConfig.USE_LATEST_VERSION);
    cacheCapacity = config.getInt(AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT);
    strategy = config.subjectNameStrategy(isKey);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("AvroSerializer is not configured: call configure() or pass a client");
    }
    if (!(data instanceof GenericContainer container)) {
      throw new SerializationException("Cannot serialize " + data.getClass().getName() + " for topic '" + topic
          + "': only Avro SpecificRecord and GenericRecord are supported");
    }
    Schema recordSchema = container.getSchema();
    String subject = strategy.subjectName(topic, isKey, recordSchema);
    Schema schema = useLatest ? latest(subject, topic) : recordSchema;
    int id = schemaId(subject, schema, topic);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(WireFormat.MAGIC_BYTE);
      out.write(id >>> 24);
      out.write(id >>> 16);
      out.write(id >>> 8);
      out.write(id);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer(schema, data).write(data, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot serialize " + recordSchema.getFullName() + " for topic '" + topic
          + "' with schema id " + id + ": " + e, e);
    }
  }

  private int schemaId(String subject, Schema schema, String topic) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    try {
      int id = autoRegister ? client.register(subject, schema) : client.lookup(subject, schema).id();
      if (ids.size() >= cacheCapacity) {
        ids.clear();
      }
      ids.put(key, id);
      return id;
    } catch (RegistryException e) {
      throw new SerializationException("Cannot " + (autoRegister ? "register" : "look up") + " schema "
          + schema.getFullName() + " under subject '" + subject + "' for topic '" + topic + "': " + e.getMessage(), e);
    }
  }

  private Schema latest(String subject, String topic) {
    Schema s = latestBySubject.get(subject);
    if (s == null) {
      try {
        s = client.getSchemaById(client.getLatestVersion(subject).id());
      } catch (RegistryException e) {
        throw new SerializationException("Cannot get the latest schema of subject '" + subject + "' for topic '"
            + topic + "': " + e.getMessage(), e);
      }
      latestBySubject.put(subject, s);
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> writer(Schema schema, Object data) {
    DatumWriter<Object> w = writers.get(schema);
    if (w == null) {
      if (data instanceof SpecificRecord) {
        w = new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
      } else {
        w = new GenericDatumWriter<>(schema, GenericData.get());
      }
      if (writers.size() >= cacheCapacity) {
        writers.clear();
      }
      writers.put(schema, w);
    }
    return w;
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }
}
