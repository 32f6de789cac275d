package org.issastream.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.issastream.schemas.CodeDType;
import org.issastream.schemas.StyleCode;

/**
 * W+ to and from the Avro {@link StyleCode} record: {@code L*D} values row-major {@code [L][D]},
 * little-endian float32 or float16. Kept apart from the codec API so that API has no Avro types.
 */
public final class StyleCodeRecords {
  private StyleCodeRecords() {}

  /** The little-endian bytes of {@code codes} in {@code dtype}. */
  public static ByteBuffer encode(StyleCodes codes, CodeDType dtype) {
    float[] v = codes.toArray();
    ByteBuffer out = ByteBuffer.allocate(v.length * bytesPer(dtype)).order(ByteOrder.LITTLE_ENDIAN);
    if (dtype == CodeDType.FLOAT16) {
      for (float f : v) {
        out.putShort(Float16.fromFloat(f));
      }
    } else {
      out.asFloatBuffer().put(v);
    }
    out.rewind();
    return out;
  }

  /** Decodes {@code L*D} values of {@code dtype}; the buffer's position is not changed. */
  public static StyleCodes decode(int numStyles, int styleDim, CodeDType dtype, ByteBuffer bytes) throws CodecMismatchException {
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long expected = (long) numStyles * styleDim * bytesPer(dtype);
    if (numStyles <= 0 || styleDim <= 0 || b.remaining() != expected) {
      throw new CodecMismatchException("style code bytes: " + b.remaining() + " for L=" + numStyles + " D=" + styleDim
          + " " + dtype + ", expected " + expected);
    }
    float[] v = new float[numStyles * styleDim];
    if (dtype == CodeDType.FLOAT16) {
      for (int i = 0; i < v.length; i++) {
        v[i] = Float16.toFloat(b.getShort());
      }
    } else {
      b.asFloatBuffer().get(v);
    }
    return StyleCodes.wrap(numStyles, styleDim, v);
  }

  /** The W+ of a record, with its L, D and dtype. */
  public static StyleCodes decode(StyleCode record) throws CodecMismatchException {
    return decode(record.getNumStyles(), record.getStyleDim(), record.getDtype(), record.getWPlus());
  }

  /** The W+ of a record, refusing codes of another codec id or of other shapes than {@code manifest}'s. */
  public static StyleCodes decode(StyleCode record, CodecManifest manifest) throws CodecMismatchException {
    if (!manifest.id().equals(record.getCodecId())) {
      throw new CodecMismatchException("style codes of image " + record.getImageId() + " come from codec '"
          + record.getCodecId() + "', not '" + manifest.id() + "'; codes mix only within one codec id");
    }
    StyleCodes codes = decode(record);
    manifest.checkStyles(codes);
    return codes;
  }

  /**
   * A builder with the W+ fields set ({@code codecId}, {@code codecVersion}, {@code numStyles},
   * {@code styleDim}, {@code dtype}, {@code wPlus}); the caller sets image id, origin, conditions and times.
   */
  public static StyleCode.Builder builder(StyleCodes codes, CodeDType dtype, CodecManifest manifest) {
    return StyleCode.newBuilder()
        .setCodecId(manifest.id())
        .setCodecVersion(manifest.version())
        .setNumStyles(codes.numStyles())
        .setStyleDim(codes.styleDim())
        .setDtype(dtype)
        .setWPlus(encode(codes, dtype));
  }

  private static int bytesPer(CodeDType dtype) {
    return dtype == CodeDType.FLOAT16 ? 2 : 4;
  }
}
