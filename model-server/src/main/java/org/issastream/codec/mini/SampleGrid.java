package org.issastream.codec.mini;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes a grid of CHW float images in [-1,1] (one list per row; null = blank cell) as PNG. */
final class SampleGrid {
  private SampleGrid() {}

  static void write(Path file, List<List<float[]>> rows, int h, int w) throws IOException {
    int cols = 0;
    for (List<float[]> r : rows) {
      cols = Math.max(cols, r.size());
    }
    int pad = 2;
    BufferedImage img = new BufferedImage(cols * (w + pad) + pad, rows.size() * (h + pad) + pad,
        BufferedImage.TYPE_INT_RGB);
    for (int ri = 0; ri < rows.size(); ri++) {
      List<float[]> row = rows.get(ri);
      for (int ci = 0; ci < row.size(); ci++) {
        float[] chw = row.get(ci);
        if (chw == null) {
          continue;
        }
        int ox = pad + ci * (w + pad);
        int oy = pad + ri * (h + pad);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int r = to8(chw[y * w + x]);
            int g = to8(chw[h * w + y * w + x]);
            int b = to8(chw[2 * h * w + y * w + x]);
            img.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
          }
        }
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  static int to8(float v) {
    int i = Math.round((v + 1f) * 127.5f);
    return Math.max(0, Math.min(255, i));
  }
}
