package org.issastream.worker;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.issastream.schemas.Payload;
import org.issastream.synthdrive.image.Images;

/** Building {@link Payload}s: inline PNG bytes with their size, dimensions and sha256. */
public final class Payloads {
  private Payloads() {}

  public static Payload png(byte[] png, int width, int height) {
    return Payload.newBuilder()
        .setMediaType(Images.PNG)
        .setData(ByteBuffer.wrap(png))
        .setSha256(sha256(png))
        .setSizeBytes(png.length)
        .setWidth(width)
        .setHeight(height)
        .build();
  }

  /** The bytes of an inline payload (a copy). */
  public static byte[] bytes(Payload p) {
    if (p.getData() == null) {
      throw new IllegalArgumentException("payload by reference (" + p.getUri() + ") has no inline bytes");
    }
    ByteBuffer b = p.getData().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
