package org.issastream.synthdrive.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The image layer: decoding with limits, PNG encoding, resizing and cropping of {@link RgbImage}
 * and {@link LabelMap}. Stateless and thread-safe.
 *
 * <p>Decoding checks the encoded size, then reads only the header to check width and height
 * against {@link ImageLimits}, and decodes pixels only after both pass. Decoding uses in-memory
 * streams (never ImageIO's temp-file cache). PNG encoding is this class's own (deflate, adaptive
 * per-row filters), so the same pixels give the same bytes on every JDK with the same zlib.
 */
public final class Images {
  /** Media type of PNG. */
  public static final String PNG = "image/png";
  /** Media type of JPEG. */
  public static final String JPEG = "image/jpeg";

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Images() {}

  /** What the header says, read without decoding pixels. */
  public record Header(String mediaType, int width, int height) {}

  // ---------------------------------------------------------------- decoding

  /** Reads a file, checking its size against the limits before reading it. */
  public static byte[] readFile(Path file, ImageLimits limits) throws InvalidImageException {
    String src = file.toString();
    try {
      long size = Files.size(file);
      if (size > limits.maxBytes()) {
        throw new InvalidImageException(src, "file is " + size + " bytes, over the limit of " + limits.maxBytes());
      }
      if (size == 0) {
        throw new InvalidImageException(src, "empty file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidImageException(src, "no such file", e);
    } catch (IOException e) {
      throw new InvalidImageException(src, "cannot read: " + e, e);
    }
  }

  /** The media type from the magic bytes, or null when neither PNG nor JPEG. */
  public static String sniffMediaType(byte[] bytes) {
    if (bytes.length >= 8) {
      boolean png = true;
      for (int i = 0; i < 8; i++) {
        png &= bytes[i] == PNG_MAGIC[i];
      }
      if (png) {
        return PNG;
      }
    }
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
      return JPEG;
    }
    return null;
  }

  /** Reads and checks only the header (type, width, height) against the limits. */
  public static Header probe(byte[] bytes, String source, ImageLimits limits) throws InvalidImageException {
    checkBytes(bytes, source, limits);
    try (Opened o = open(bytes, source, limits)) {
      return o.header;
    }
  }

  /** Decodes a PNG or JPEG file to RGB (alpha dropped, grey expanded), within the limits. */
  public static RgbImage decode(Path file, ImageLimits limits) throws InvalidImageException {
    return decode(readFile(file, limits), file.toString(), limits);
  }

  /**
   * Decodes PNG or JPEG bytes to RGB (alpha dropped, grey expanded), within the limits.
   *
   * @param source names the bytes in error messages (file name, record key, ...)
   */
  public static RgbImage decode(byte[] bytes, String source, ImageLimits limits) throws InvalidImageException {
    BufferedImage bi = decodeBuffered(bytes, source, limits);
    return toRgb(bi);
  }

  /** Decodes a label PNG file (8-bit single channel or palette indices) to a {@link LabelMap}. */
  public static LabelMap decodeLabel(Path file, ImageLimits limits) throws InvalidImageException {
    return decodeLabel(readFile(file, limits), file.toString(), limits);
  }

  /**
   * Decodes a label PNG: 8-bit greyscale (the value is the id) or 8-bit palette (the index is the
   * id). Colour or 16-bit images are rejected: a colour visualisation is not a label.
   */
  public static LabelMap decodeLabel(byte[] bytes, String source, ImageLimits limits) throws InvalidImageException {
    checkBytes(bytes, source, limits);
    if (!PNG.equals(sniffMediaType(bytes))) {
      throw new InvalidImageException(source, "a label must be a PNG (lossless), not " + describeType(bytes));
    }
    BufferedImage bi = decodeBuffered(bytes, source, limits);
    Raster r = bi.getRaster();
    if (r.getNumBands() != 1 || r.getSampleModel().getSampleSize(0) != 8) {
      throw new InvalidImageException(source, "a label must be a single-channel 8-bit PNG of trainIds, got "
          + r.getNumBands() + " band(s) of " + r.getSampleModel().getSampleSize(0) + " bits");
    }
    int w = bi.getWidth();
    int h = bi.getHeight();
    byte[] ids = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      r.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        ids[y * w + x] = (byte) row[x];
      }
    }
    return LabelMap.wrap(w, h, ids);
  }

  private static BufferedImage decodeBuffered(byte[] bytes, String source, ImageLimits limits)
      throws InvalidImageException {
    checkBytes(bytes, source, limits);
    try (Opened o = open(bytes, source, limits)) {
      List<String> warnings = new ArrayList<>();
      o.reader.addIIOReadWarningListener((rd, w) -> warnings.add(w));
      ImageReadParam p = o.reader.getDefaultReadParam();
      BufferedImage bi;
      try {
        bi = o.reader.read(0, p);
      } catch (IOException | RuntimeException e) {
        throw new InvalidImageException(source, "corrupt or truncated " + o.header.mediaType() + ": " + e.getMessage(), e);
      }
      if (!warnings.isEmpty()) {
        // The JPEG reader reports truncation ("Premature end of JPEG file") as a warning and fills
        // the rest with grey; such an image must not become training data.
        throw new InvalidImageException(source, "corrupt or truncated " + o.header.mediaType() + ": " + warnings.get(0));
      }
      if (bi.getWidth() != o.header.width() || bi.getHeight() != o.header.height()) {
        throw new InvalidImageException(source, "decoded size differs from header size");
      }
      return bi;
    }
  }

  private static void checkBytes(byte[] bytes, String source, ImageLimits limits) throws InvalidImageException {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidImageException(source, "empty input");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new InvalidImageException(source, bytes.length + " bytes, over the limit of " + limits.maxBytes());
    }
  }

  private static String describeType(byte[] bytes) {
    String t = sniffMediaType(bytes);
    return t != null ? t : "an unrecognised format";
  }

  /** An ImageReader positioned on the bytes, whose header passed the limits. */
  private static final class Opened implements AutoCloseable {
    final ImageReader reader;
    final ImageInputStream in;
    final Header header;

    Opened(ImageReader reader, ImageInputStream in, Header header) {
      this.reader = reader;
      this.in = in;
      this.header = header;
    }

    @Override
    public void close() {
      reader.dispose();
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a memory stream does not fail to close
      }
    }
  }

  private static Opened open(byte[] bytes, String source, ImageLimits limits) throws InvalidImageException {
    String type = sniffMediaType(bytes);
    if (type == null) {
      throw new InvalidImageException(source, "not a PNG or JPEG image (unrecognised magic bytes)");
    }
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    Iterator<ImageReader> it = ImageIO.getImageReadersByMIMEType(type);
    if (!it.hasNext()) {
      closeQuietly(in);
      throw new InvalidImageException(source, "no decoder for " + type);
    }
    ImageReader reader = it.next();
    reader.setInput(in, true, true);
    int w;
    int h;
    try {
      w = reader.getWidth(0);
      h = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      reader.dispose();
      closeQuietly(in);
      throw new InvalidImageException(source, "unreadable " + type + " header: " + e.getMessage(), e);
    }
    String bad = null;
    if (w <= 0 || h <= 0) {
      bad = "header has invalid size " + w + "x" + h;
    } else if (w > limits.maxSide() || h > limits.maxSide()) {
      bad = "header size " + w + "x" + h + " exceeds the side limit of " + limits.maxSide();
    } else if ((long) w * h > limits.maxPixels()) {
      bad = "header size " + w + "x" + h + " = " + (long) w * h + " pixels exceeds the limit of " + limits.maxPixels();
    }
    if (bad != null) {
      reader.dispose();
      closeQuietly(in);
      throw new InvalidImageException(source, bad);
    }
    return new Opened(reader, in, new Header(type, w, h));
  }

  private static void closeQuietly(ImageInputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RgbImage toRgb(BufferedImage bi) {
    int w = bi.getWidth();
    int h = bi.getHeight();
    byte[] out = new byte[w * h * 3];
    if (bi.getType() == BufferedImage.TYPE_3BYTE_BGR && bi.getRaster().getDataBuffer() instanceof DataBufferByte db
        && db.getData().length == out.length) {
      byte[] bgr = db.getData();
      for (int i = 0; i < out.length; i += 3) {
        out[i] = bgr[i + 2];
        out[i + 1] = bgr[i + 1];
        out[i + 2] = bgr[i];
      }
      return RgbImage.wrap(w, h, out);
    }
    if (bi.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      Raster r = bi.getRaster();
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int o = (y * w + x) * 3;
          out[o] = out[o + 1] = out[o + 2] = (byte) row[x];
        }
      }
      return RgbImage.wrap(w, h, out);
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      bi.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int o = (y * w + x) * 3;
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes an RGB PNG (8 bits per channel). */
  public static byte[] encodePng(RgbImage img) {
    return encodePng(img, DEFAULT_PNG_LEVEL);
  }

  /**
   * PNG with the given zlib level (0-9). At level 6 deflate dominates the cost: on a 64x128 image
   * level 1 is about 7x faster for about 9 % more bytes, the right trade for streamed samples. At
   * levels 0 and 1 every row uses the Sub filter instead of the best of the five filters per row
   * (which then took more time than deflate itself): about 2x faster again for about 6 % more bytes
   * on SynthDrive scenes. Levels 2-9 keep the per-row choice (smallest files).
   */
  public static byte[] encodePng(RgbImage img, int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("zlib level must be 0-9, got " + level);
    }
    return png(img.width(), img.height(), 3, img.data(), level);
  }

  /** Highest zlib level that filters every row with Sub instead of choosing per row. */
  static final int FAST_FILTER_MAX_LEVEL = 1;
  private static final int SUB = 1;

  /** zlib level of {@link #encodePng(RgbImage)} and of labels: small files for datasets. */
  public static final int DEFAULT_PNG_LEVEL = 6;

  /** Encodes a label as an 8-bit greyscale PNG whose values are the ids. */
  public static byte[] encodeLabelPng(LabelMap label) {
    return png(label.width(), label.height(), 1, label.data());
  }

  /** Encodes a JPEG at the given quality in (0, 1] with the JDK's encoder. */
  public static byte[] encodeJpeg(RgbImage img, float quality) {
    BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
    byte[] rgb = img.data();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    ImageWriter w = ImageIO.getImageWritersByMIMEType(JPEG).next();
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
      w.setOutput(out);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      w.write(null, new IIOImage(bi, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.dispose();
    }
    return bos.toByteArray();
  }

  private static byte[] png(int w, int h, int channels, byte[] px) {
    return png(w, h, channels, px, DEFAULT_PNG_LEVEL);
  }

  private static byte[] png(int w, int h, int channels, byte[] px, int level) {
    int stride = w * channels;
    byte[] filtered = new byte[(stride + 1) * h];
    byte[] cand = new byte[stride];
    byte[] best = new byte[stride];
    byte[] zero = new byte[stride];
    for (int y = 0; y < h; y++) {
      int row = y * stride;
      // the row above, or zeros for the first row (as the PNG filters define it)
      byte[] up = y > 0 ? px : zero;
      int prev = y > 0 ? row - stride : 0;
      long bestScore = Long.MAX_VALUE;
      int bestType = 0;
      // fast levels: Sub only; otherwise the minimum-sum choice over all five filters, one tight
      // loop per filter type (a per-byte switch made encoding 4x slower than deflate)
      int firstType = level <= FAST_FILTER_MAX_LEVEL ? SUB : 0;
      int lastType = level <= FAST_FILTER_MAX_LEVEL ? SUB : 4;
      for (int type = firstType; type <= lastType; type++) {
        long score = filterRow(type, px, row, up, prev, stride, channels, cand);
        if (score < bestScore) {
          bestScore = score;
          bestType = type;
          byte[] t = best;
          best = cand;
          cand = t;
        }
      }
      int o = y * (stride + 1);
      filtered[o] = (byte) bestType;
      System.arraycopy(best, 0, filtered, o + 1, stride);
    }
    Deflater deflater = new Deflater(level);
    byte[] idat;
    try {
      deflater.setInput(filtered);
      deflater.finish();
      ByteArrayOutputStream z = new ByteArrayOutputStream(filtered.length / 2 + 64);
      byte[] buf = new byte[1 << 15];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        z.write(buf, 0, n);
      }
      idat = z.toByteArray();
    } finally {
      deflater.end();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(idat.length + 64);
    out.writeBytes(PNG_MAGIC);
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) (channels == 3 ? 2 : 0)).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * Applies PNG filter {@code type} to the row at {@code px[row..row+stride)} with the row above at
   * {@code up[prev..prev+stride)}; writes the filtered bytes to {@code out} and returns the sum of
   * their absolute values as signed bytes (the minimum-sum heuristic of the PNG specification).
   */
  private static long filterRow(int type, byte[] px, int row, byte[] up, int prev, int stride,
      int ch, byte[] out) {
    long score = 0;
    switch (type) {
      case 0 -> {
        for (int i = 0; i < stride; i++) {
          byte v = px[row + i];
          out[i] = v;
          score += Math.abs((int) v);
        }
      }
      case 1 -> {
        for (int i = 0; i < stride; i++) {
          int a = i >= ch ? px[row + i - ch] & 0xff : 0;
          byte v = (byte) ((px[row + i] & 0xff) - a);
          out[i] = v;
          score += Math.abs((int) v);
        }
      }
      case 2 -> {
        for (int i = 0; i < stride; i++) {
          byte v = (byte) ((px[row + i] & 0xff) - (up[prev + i] & 0xff));
          out[i] = v;
          score += Math.abs((int) v);
        }
      }
      case 3 -> {
        for (int i = 0; i < stride; i++) {
          int a = i >= ch ? px[row + i - ch] & 0xff : 0;
          byte v = (byte) ((px[row + i] & 0xff) - ((a + (up[prev + i] & 0xff)) >>> 1));
          out[i] = v;
          score += Math.abs((int) v);
        }
      }
      default -> {
        for (int i = 0; i < stride; i++) {
          int a = i >= ch ? px[row + i - ch] & 0xff : 0;
          int b = up[prev + i] & 0xff;
          int c = i >= ch ? up[prev + i - ch] & 0xff : 0;
          byte v = (byte) ((px[row + i] & 0xff) - paeth(a, b, c));
          out[i] = v;
          score += Math.abs((int) v);
        }
      }
    }
    return score;
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  // ---------------------------------------------------------------- resampling

  /**
   * Bilinear resize with half-pixel centres (PyTorch {@code align_corners=false}); good for
   * upscaling and mild downscaling. Use {@link #resizeArea} for strong downscaling.
   */
  public static RgbImage resizeBilinear(RgbImage img, int width, int height) {
    checkSize(width, height);
    int sw = img.width();
    int sh = img.height();
    if (sw == width && sh == height) {
      return img;
    }
    byte[] s = img.data();
    byte[] d = new byte[width * height * 3];
    double sx = (double) sw / width;
    double sy = (double) sh / height;
    int[] x0 = new int[width];
    int[] x1 = new int[width];
    double[] fx = new double[width];
    for (int x = 0; x < width; x++) {
      double u = Math.max(0, (x + 0.5) * sx - 0.5);
      int i = Math.min((int) u, sw - 1);
      x0[x] = i;
      x1[x] = Math.min(i + 1, sw - 1);
      fx[x] = u - i;
    }
    for (int y = 0; y < height; y++) {
      double v = Math.max(0, (y + 0.5) * sy - 0.5);
      int j0 = Math.min((int) v, sh - 1);
      int j1 = Math.min(j0 + 1, sh - 1);
      double fy = v - j0;
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          double a = s[(j0 * sw + x0[x]) * 3 + c] & 0xff;
          double b = s[(j0 * sw + x1[x]) * 3 + c] & 0xff;
          double e = s[(j1 * sw + x0[x]) * 3 + c] & 0xff;
          double f = s[(j1 * sw + x1[x]) * 3 + c] & 0xff;
          double top = a + (b - a) * fx[x];
          double bot = e + (f - e) * fx[x];
          d[(y * width + x) * 3 + c] = (byte) (int) Math.floor(top + (bot - top) * fy + 0.5);
        }
      }
    }
    return RgbImage.wrap(width, height, d);
  }

  /**
   * Area (box) resize: each output pixel is the area-weighted mean of the input pixels it covers
   * (like PyTorch {@code adaptive_avg_pool} for integer factors); the right choice for downscaling.
   */
  public static RgbImage resizeArea(RgbImage img, int width, int height) {
    checkSize(width, height);
    int sw = img.width();
    int sh = img.height();
    if (sw == width && sh == height) {
      return img;
    }
    double[][] wx = areaWeights(sw, width);
    double[][] wy = areaWeights(sh, height);
    int[] x0 = firstIndex(sw, width);
    int[] y0 = firstIndex(sh, height);
    byte[] s = img.data();
    double[] tmp = new double[sh * width * 3];
    for (int y = 0; y < sh; y++) {
      for (int x = 0; x < width; x++) {
        double r = 0;
        double g = 0;
        double b = 0;
        double[] w = wx[x];
        for (int k = 0; k < w.length; k++) {
          int si = (y * sw + x0[x] + k) * 3;
          r += w[k] * (s[si] & 0xff);
          g += w[k] * (s[si + 1] & 0xff);
          b += w[k] * (s[si + 2] & 0xff);
        }
        int o = (y * width + x) * 3;
        tmp[o] = r;
        tmp[o + 1] = g;
        tmp[o + 2] = b;
      }
    }
    byte[] d = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      double[] w = wy[y];
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          double acc = 0;
          for (int k = 0; k < w.length; k++) {
            acc += w[k] * tmp[((y0[y] + k) * width + x) * 3 + c];
          }
          d[(y * width + x) * 3 + c] = (byte) Math.min(255, (int) Math.floor(acc + 0.5));
        }
      }
    }
    return RgbImage.wrap(width, height, d);
  }

  private static int[] firstIndex(int src, int dst) {
    int[] f = new int[dst];
    for (int i = 0; i < dst; i++) {
      f[i] = (int) Math.floor((double) i * src / dst);
    }
    return f;
  }

  /** Per output index, the weights of the input indices from firstIndex on; they sum to 1. */
  private static double[][] areaWeights(int src, int dst) {
    double[][] out = new double[dst][];
    double scale = (double) src / dst;
    for (int i = 0; i < dst; i++) {
      double lo = i * scale;
      double hi = (i + 1) * scale;
      int first = (int) Math.floor(lo);
      int last = Math.min(src - 1, (int) Math.ceil(hi) - 1);
      double[] w = new double[last - first + 1];
      for (int k = first; k <= last; k++) {
        w[k - first] = (Math.min(hi, k + 1) - Math.max(lo, k)) / scale;
      }
      out[i] = w;
    }
    return out;
  }

  /** Nearest-neighbour resize of a label (the only correct resampling of class ids). */
  public static LabelMap resizeNearest(LabelMap label, int width, int height) {
    checkSize(width, height);
    int sw = label.width();
    int sh = label.height();
    if (sw == width && sh == height) {
      return label;
    }
    byte[] s = label.data();
    byte[] d = new byte[width * height];
    int[] xs = new int[width];
    for (int x = 0; x < width; x++) {
      xs[x] = Math.min(sw - 1, (int) Math.floor((x + 0.5) * sw / width));
    }
    for (int y = 0; y < height; y++) {
      int sy = Math.min(sh - 1, (int) Math.floor((y + 0.5) * sh / height));
      for (int x = 0; x < width; x++) {
        d[y * width + x] = s[sy * sw + xs[x]];
      }
    }
    return LabelMap.wrap(width, height, d);
  }

  /** Nearest-neighbour resize of an RGB image (for pixel-art previews and contact sheets). */
  public static RgbImage resizeNearest(RgbImage img, int width, int height) {
    checkSize(width, height);
    int sw = img.width();
    int sh = img.height();
    byte[] s = img.data();
    byte[] d = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      int sy = Math.min(sh - 1, (int) Math.floor((y + 0.5) * sh / height));
      for (int x = 0; x < width; x++) {
        int sx = Math.min(sw - 1, (int) Math.floor((x + 0.5) * sw / width));
        System.arraycopy(s, (sy * sw + sx) * 3, d, (y * width + x) * 3, 3);
      }
    }
    return RgbImage.wrap(width, height, d);
  }

  // ---------------------------------------------------------------- cropping

  /** The {@code w × h} region at (x, y), which must lie inside the image. */
  public static RgbImage crop(RgbImage img, int x, int y, int w, int h) {
    checkRegion(img.width(), img.height(), x, y, w, h);
    byte[] d = new byte[w * h * 3];
    for (int r = 0; r < h; r++) {
      System.arraycopy(img.data(), ((y + r) * img.width() + x) * 3, d, r * w * 3, w * 3);
    }
    return RgbImage.wrap(w, h, d);
  }

  /** The {@code w × h} region at (x, y), which must lie inside the label. */
  public static LabelMap crop(LabelMap label, int x, int y, int w, int h) {
    checkRegion(label.width(), label.height(), x, y, w, h);
    byte[] d = new byte[w * h];
    for (int r = 0; r < h; r++) {
      System.arraycopy(label.data(), (y + r) * label.width() + x, d, r * w, w);
    }
    return LabelMap.wrap(w, h, d);
  }

  /** The centred {@code w × h} region. */
  public static RgbImage centerCrop(RgbImage img, int w, int h) {
    return crop(img, (img.width() - w) / 2, (img.height() - h) / 2, w, h);
  }

  /** The centred {@code w × h} region. */
  public static LabelMap centerCrop(LabelMap label, int w, int h) {
    return crop(label, (label.width() - w) / 2, (label.height() - h) / 2, w, h);
  }

  /**
   * Centre-crops to the aspect ratio of {@code width × height}, then resizes to exactly that size
   * (area when shrinking, bilinear when enlarging). The usual way to bring a camera frame to the
   * model's input size without distortion.
   */
  public static RgbImage fit(RgbImage img, int width, int height) {
    int[] c = aspectCrop(img.width(), img.height(), width, height);
    RgbImage cropped = crop(img, c[0], c[1], c[2], c[3]);
    return c[2] >= width ? resizeArea(cropped, width, height) : resizeBilinear(cropped, width, height);
  }

  /** The label counterpart of {@link #fit(RgbImage, int, int)}: same crop, nearest resize. */
  public static LabelMap fit(LabelMap label, int width, int height) {
    int[] c = aspectCrop(label.width(), label.height(), width, height);
    return resizeNearest(crop(label, c[0], c[1], c[2], c[3]), width, height);
  }

  private static int[] aspectCrop(int sw, int sh, int width, int height) {
    checkSize(width, height);
    int cw = sw;
    int ch = (int) Math.round((double) sw * height / width);
    if (ch > sh) {
      ch = sh;
      cw = Math.min(sw, (int) Math.round((double) sh * width / height));
    }
    return new int[] {(sw - cw) / 2, (sh - ch) / 2, Math.max(1, cw), Math.max(1, ch)};
  }

  private static void checkSize(int w, int h) {
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException("target size must be positive: " + w + "x" + h);
    }
  }

  private static void checkRegion(int iw, int ih, int x, int y, int w, int h) {
    if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > iw || y + h > ih) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + "+" + x + "+" + y + " outside the " + iw + "x" + ih + " image");
    }
  }
}
