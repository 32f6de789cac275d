package org.issastream.streams.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary (no registry, no wire-format header) for topology tests, which only need a
 * serde that round-trips and rejects garbage.
 */
public final class RawAvroSerde {
  private RawAvroSerde() {}

  public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    Serializer<T> ser =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(value, enc);
            enc.flush();
            return out.toByteArray();
          } catch (IOException e) {
            throw new SerializationException(e);
          }
        };
    Deserializer<T> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            var dec = DecoderFactory.get().binaryDecoder(bytes, null);
            T v = reader.read(null, dec);
            if (!dec.isEnd()) {
              throw new SerializationException("trailing bytes");
            }
            return v;
          } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a " + type.getSimpleName(), e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
