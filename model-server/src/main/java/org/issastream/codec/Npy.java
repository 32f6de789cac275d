package org.issastream.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The NumPy {@code .npy} format (version 1.0, C order) for float32 and uint8 arrays, and {@code .npz}
 * (an uncompressed zip of {@code .npy} files), so latents can be opened with {@code numpy.load}.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?)([a-z])(\\d+)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** A read array: float32 values widened to float, or uint8 values in {@link #bytes}. */
  public record Array(int[] shape, float[] floats, byte[] bytes) {
    public int size() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  public static byte[] float32(float[] data, int... shape) {
    checkSize(data.length, shape);
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    return withHeader("<f4", shape, b.array());
  }

  public static byte[] uint8(byte[] data, int... shape) {
    checkSize(data.length, shape);
    return withHeader("|u1", shape, data);
  }

  private static void checkSize(int n, int[] shape) {
    long s = 1;
    for (int d : shape) {
      s *= d;
    }
    if (s != n) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + s + " values, got " + n);
    }
  }

  private static byte[] withHeader(String descr, int[] shape, byte[] body) {
    StringBuilder sh = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sh.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
    }
    sh.append(')');
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1; // magic, version, header len, dict, '\n'
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + body.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    out.put(header.getBytes(StandardCharsets.US_ASCII)).put(body);
    return out.array();
  }

  public static Array read(Path file) throws IOException {
    return read(Files.readAllBytes(file));
  }

  /** Parses float32 ({@code <f4}) or uint8 ({@code |u1}) C-order arrays. */
  public static Array read(byte[] npy) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    b.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not an .npy file");
    }
    int major = b.get();
    b.get();
    int headerLen = major == 1 ? b.getShort() & 0xffff : b.getInt();
    byte[] hb = new byte[headerLen];
    b.get(hb);
    String header = new String(hb, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher o = ORDER.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !o.find() || !s.find()) {
      throw new IOException("unreadable .npy header: " + header.trim());
    }
    if (o.group(1).equals("True")) {
      throw new IOException(".npy in Fortran order is not supported");
    }
    int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty())
        .mapToInt(Integer::parseInt).toArray();
    int n = 1;
    for (int v : shape) {
      n *= v;
    }
    String kind = d.group(2) + d.group(3);
    if (kind.equals("f4") && !d.group(1).equals(">")) {
      float[] f = new float[n];
      b.asFloatBuffer().get(f);
      return new Array(shape, f, null);
    }
    if (kind.equals("u1")) {
      byte[] u = new byte[n];
      b.get(u);
      return new Array(shape, null, u);
    }
    throw new IOException("unsupported .npy dtype " + d.group(0) + " (float32 little-endian or uint8 only)");
  }

  /** An uncompressed {@code .npz}: entry name (without {@code .npy}) → npy bytes, in order. */
  public static byte[] npz(Map<String, byte[]> arrays) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bos)) {
      for (Map.Entry<String, byte[]> e : new LinkedHashMap<>(arrays).entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey() + ".npy");
        ze.setMethod(ZipEntry.STORED);
        ze.setSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        ze.setCrc(crc.getValue());
        zip.putNextEntry(ze);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bos.toByteArray();
  }
}
