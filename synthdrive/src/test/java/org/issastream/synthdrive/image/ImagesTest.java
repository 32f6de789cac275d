package org.issastream.synthdrive.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
  @TempDir Path dir;

  private static RgbImage gradient(int w, int h) {
    byte[] d = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        d[i] = (byte) (x * 255 / Math.max(1, w - 1));
        d[i + 1] = (byte) (y * 255 / Math.max(1, h - 1));
        d[i + 2] = (byte) ((x * 7 + y * 13) & 0xff);
      }
    }
    return RgbImage.wrap(w, h, d);
  }

  @Test
  void everyZlibLevelIsLosslessAndLevelsDifferOnlyInSize() throws Exception {
    RgbImage img = gradient(128, 64);
    byte[] fast = Images.encodePng(img, 1);
    byte[] small = Images.encodePng(img, 9);
    assertEquals(img, Images.decode(fast, "fast", ImageLimits.DEFAULT));
    assertEquals(img, Images.decode(small, "small", ImageLimits.DEFAULT));
    assertEquals(img, Images.decode(Images.encodePng(img, 0), "stored", ImageLimits.DEFAULT));
    assertTrue(small.length < fast.length, small.length + " vs " + fast.length);
    assertArrayEquals(Images.encodePng(img), Images.encodePng(img, Images.DEFAULT_PNG_LEVEL));
    assertThrows(IllegalArgumentException.class, () -> Images.encodePng(img, 10));
  }

  @Test
  void fastLevelsFilterEveryRowWithSubAndOthersChoosePerRow() throws Exception {
    RgbImage img = gradient(128, 64);
    for (int level = 0; level <= 9; level++) {
      byte[] filtered = inflateIdat(Images.encodePng(img, level));
      java.util.Set<Integer> types = new java.util.TreeSet<>();
      for (int y = 0; y < img.height(); y++) {
        types.add(filtered[y * (img.width() * 3 + 1)] & 0xff);
      }
      if (level <= Images.FAST_FILTER_MAX_LEVEL) {
        assertEquals(java.util.Set.of(1), types, "level " + level);
      } else {
        // the gradient's first row (nothing above) and the others pick different filters
        assertTrue(types.size() > 1, "level " + level + ": " + types);
      }
      assertEquals(img, Images.decode(Images.encodePng(img, level), "l" + level, ImageLimits.DEFAULT));
    }
  }

  /** The inflated IDAT stream of a single-IDAT PNG: per row, the filter type byte then the row. */
  private static byte[] inflateIdat(byte[] png) throws Exception {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png, 8, png.length - 8);
    while (b.remaining() > 8) {
      int len = b.getInt();
      byte[] type = new byte[4];
      b.get(type);
      byte[] data = new byte[len];
      b.get(data);
      b.getInt(); // CRC
      if (new String(type, java.nio.charset.StandardCharsets.US_ASCII).equals("IDAT")) {
        java.util.zip.Inflater inf = new java.util.zip.Inflater();
        inf.setInput(data);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[1 << 15];
        while (!inf.finished()) {
          out.write(buf, 0, inf.inflate(buf));
        }
        inf.end();
        return out.toByteArray();
      }
    }
    throw new AssertionError("no IDAT");
  }

  @Test
  void pngRoundTripIsLosslessAndReadableByImageIo() throws Exception {
    RgbImage img = gradient(37, 19);
    byte[] png = Images.encodePng(img);
    assertEquals(img, Images.decode(png, "mem", ImageLimits.DEFAULT));
    BufferedImage bi = ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertEquals(37, bi.getWidth());
    assertEquals(img.rgb(5, 7), bi.getRGB(5, 7) & 0xffffff);
    assertEquals(new Images.Header(Images.PNG, 37, 19), Images.probe(png, "mem", ImageLimits.DEFAULT));
  }

  @Test
  void labelRoundTripKeepsIdsIncludingIgnore() throws Exception {
    byte[] ids = new byte[8 * 4];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (byte) (i % 19);
    }
    ids[3] = (byte) 255;
    LabelMap l = LabelMap.wrap(8, 4, ids);
    LabelMap back = Images.decodeLabel(Images.encodeLabelPng(l), "mem", ImageLimits.DEFAULT);
    assertEquals(l, back);
    assertEquals(255, back.get(3, 0));
    assertEquals(2, back.histogram()[255] + back.histogram()[0] - 1);
  }

  @Test
  void jpegDecodesCloseToTheOriginal() throws Exception {
    RgbImage img = RgbImage.filled(32, 16, 200, 40, 90);
    RgbImage back = Images.decode(Images.encodeJpeg(img, 0.95f), "j.jpg", ImageLimits.DEFAULT);
    assertEquals(32, back.width());
    assertTrue(Math.abs(back.get(10, 10, 0) - 200) < 6);
    assertTrue(Math.abs(back.get(10, 10, 2) - 90) < 6);
  }

  @Test
  void truncatedPngIsRejectedNamingTheFile() throws Exception {
    byte[] png = Images.encodePng(gradient(64, 32));
    Path f = dir.resolve("cut.png");
    Files.write(f, Arrays.copyOf(png, png.length / 2));
    InvalidImageException e = assertThrows(InvalidImageException.class, () -> Images.decode(f, ImageLimits.DEFAULT));
    assertTrue(e.getMessage().contains("cut.png"), e.getMessage());
    assertEquals(f.toString(), e.source());
  }

  @Test
  void truncatedJpegIsRejected() {
    byte[] jpg = Images.encodeJpeg(gradient(64, 32), 0.9f);
    InvalidImageException e = assertThrows(InvalidImageException.class,
        () -> Images.decode(Arrays.copyOf(jpg, jpg.length * 2 / 3), "cut.jpg", ImageLimits.DEFAULT));
    assertTrue(e.getMessage().startsWith("cut.jpg: "), e.getMessage());
  }

  @Test
  void nonImageIsRejected() throws Exception {
    Path f = dir.resolve("notes.png");
    Files.writeString(f, "this is not an image at all");
    InvalidImageException e = assertThrows(InvalidImageException.class, () -> Images.decode(f, ImageLimits.DEFAULT));
    assertTrue(e.getMessage().contains("notes.png") && e.reason().contains("not a PNG or JPEG"), e.getMessage());
    assertThrows(InvalidImageException.class, () -> Images.decode(new byte[0], "empty", ImageLimits.DEFAULT));
  }

  @Test
  void oversizedHeaderIsRejectedBeforeDecoding() throws Exception {
    // A valid PNG signature and IHDR announcing 60000 x 60000 pixels, with no pixel data at all:
    // the limit check must fire on the header alone.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr = ByteBuffer.allocate(13).putInt(60000).putInt(60000).put((byte) 8).put((byte) 2).put((byte) 0)
        .put((byte) 0).put((byte) 0).array();
    out.write(ByteBuffer.allocate(4).putInt(13).array());
    byte[] type = "IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(type);
    out.write(ihdr);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(ihdr);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    Path f = dir.resolve("bomb.png");
    Files.write(f, out.toByteArray());
    InvalidImageException e = assertThrows(InvalidImageException.class, () -> Images.decode(f, ImageLimits.DEFAULT));
    assertTrue(e.getMessage().contains("bomb.png") && e.reason().contains("60000x60000"), e.getMessage());
  }

  @Test
  void fileAndPixelLimitsApply() throws Exception {
    byte[] png = Images.encodePng(gradient(64, 32));
    ImageLimits small = new ImageLimits(png.length - 1, 1_000_000, 4096);
    Path f = dir.resolve("big.png");
    Files.write(f, png);
    InvalidImageException e = assertThrows(InvalidImageException.class, () -> Images.decode(f, small));
    assertTrue(e.reason().contains("over the limit"), e.getMessage());
    ImageLimits fewPixels = new ImageLimits(1 << 20, 1000, 4096);
    assertThrows(InvalidImageException.class, () -> Images.decode(png, "x", fewPixels));
    ImageLimits narrow = new ImageLimits(1 << 20, 1_000_000, 63);
    assertThrows(InvalidImageException.class, () -> Images.decode(png, "x", narrow));
  }

  @Test
  void colourPngIsNotALabel() {
    byte[] png = Images.encodePng(gradient(8, 8));
    InvalidImageException e = assertThrows(InvalidImageException.class,
        () -> Images.decodeLabel(png, "x_gtFine_color.png", ImageLimits.DEFAULT));
    assertTrue(e.reason().contains("single-channel"), e.getMessage());
  }

  @Test
  void areaResizeAveragesBlocksExactly() {
    byte[] d = new byte[4 * 2 * 3];
    int[] vals = {0, 100, 50, 150, 200, 40, 10, 90};
    for (int i = 0; i < 8; i++) {
      d[i * 3] = d[i * 3 + 1] = d[i * 3 + 2] = (byte) vals[i];
    }
    RgbImage img = RgbImage.wrap(4, 2, d);
    RgbImage half = Images.resizeArea(img, 2, 1);
    assertEquals((0 + 100 + 200 + 40) / 4, half.get(0, 0, 0));
    assertEquals((50 + 150 + 10 + 90) / 4, half.get(1, 0, 1));
    RgbImage flat = Images.resizeArea(RgbImage.filled(100, 50, 7, 8, 9), 33, 17);
    assertEquals(RgbImage.filled(33, 17, 7, 8, 9), flat);
  }

  @Test
  void bilinearKeepsFlatImagesAndSizes() {
    RgbImage up = Images.resizeBilinear(RgbImage.filled(10, 5, 30, 60, 90), 40, 20);
    assertEquals(RgbImage.filled(40, 20, 30, 60, 90), up);
    RgbImage g = gradient(64, 32);
    RgbImage r = Images.resizeBilinear(g, 32, 16);
    assertEquals(32, r.width());
    // a horizontal ramp stays monotone
    for (int x = 1; x < 32; x++) {
      assertTrue(r.get(x, 5, 0) >= r.get(x - 1, 5, 0));
    }
  }

  @Test
  void nearestLabelResizeOnlyUsesExistingIds() {
    byte[] ids = {1, 2, 3, 4};
    LabelMap l = LabelMap.wrap(2, 2, ids);
    LabelMap big = Images.resizeNearest(l, 4, 4);
    assertArrayEquals(new byte[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, big.data());
    assertEquals(l, Images.resizeNearest(big, 2, 2));
  }

  @Test
  void cropsAndFit() {
    RgbImage g = gradient(10, 6);
    RgbImage c = Images.crop(g, 2, 1, 3, 2);
    assertEquals(g.rgb(2, 1), c.rgb(0, 0));
    assertEquals(g.rgb(4, 2), c.rgb(2, 1));
    assertEquals(g.rgb(3, 2), Images.centerCrop(g, 4, 2).rgb(0, 0));
    assertThrows(IllegalArgumentException.class, () -> Images.crop(g, 8, 0, 3, 2));
    RgbImage fit = Images.fit(gradient(300, 100), 128, 64);
    assertEquals(128, fit.width());
    assertEquals(64, fit.height());
    LabelMap lf = Images.fit(LabelMap.wrap(300, 100, new byte[300 * 100]), 128, 64);
    assertEquals(64, lf.height());
  }

  @Test
  void floatChwRoundTrip() {
    RgbImage g = gradient(16, 8);
    float[] chw = g.toFloatChw();
    assertEquals(g.get(3, 2, 1) / 255f, chw[16 * 8 + 2 * 16 + 3], 1e-6);
    assertEquals(g, RgbImage.fromFloatChw(16, 8, chw));
  }
}
