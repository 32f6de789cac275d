package org.issastream.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the
 * Avro binary encoding of the value with the writer schema.
 */
public final class WireFormat {
  /** The only magic byte defined by the format. */
  public static final byte MAGIC_BYTE = 0x0;
  /** Bytes before the Avro body. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Writes the 5-byte header for {@code schemaId} into a new buffer of {@code HEADER_SIZE + bodySize}. */
  public static ByteBuffer header(int schemaId, int bodySize) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + bodySize);
    b.put(MAGIC_BYTE).putInt(schemaId);
    return b;
  }

  /**
   * Reads and checks the header of {@code data}.
   *
   * @param where a description of the record for messages, e.g. {@code topic 'fleet.images'}
   * @return the schema id
   * @throws SerializationException if the data is too short or the magic byte is unknown
   */
  public static int schemaId(byte[] data, String where) {
    if (data.length < HEADER_SIZE) {
      throw new SerializationException("Cannot deserialize " + where + ": " + data.length
          + " bytes is shorter than the 5-byte Confluent Avro header (magic byte + schema id)");
    }
    if (data[0] != MAGIC_BYTE) {
      throw new SerializationException(String.format(
          "Cannot deserialize %s: unknown magic byte 0x%02x (expected 0x00): not Confluent Avro wire format",
          where, data[0] & 0xff));
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }
}
