package org.issastream.synthdrive;

import java.util.List;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.RgbImage;

/**
 * A grid of one layout under several conditions (columns) and places (rows), with the layout's
 * colour-coded label as the first column. For eyeballing realism and condition/place separation.
 */
public final class ContactSheet {
  private ContactSheet() {}

  /**
   * @param seed the layout shown in every cell
   * @param conditions columns
   * @param places rows
   * @param width rendered cell width (height is width / 2)
   * @param scale integer nearest-neighbour magnification of each cell (1 = none)
   */
  public static RgbImage build(long seed, List<Condition> conditions, List<Place> places, int width, int scale) {
    int height = width / 2;
    int cw = width * scale;
    int ch = height * scale;
    int gap = 4;
    int cols = conditions.size() + 1;
    int rows = places.size();
    int sw = cols * cw + (cols + 1) * gap;
    int sh = rows * ch + (rows + 1) * gap;
    byte[] sheet = new byte[sw * sh * 3];
    java.util.Arrays.fill(sheet, (byte) 24);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < conditions.size(); c++) {
        Scene s = SynthDrive.render(seed, conditions.get(c), places.get(r), width, height);
        if (c == 0) {
          blit(sheet, sw, gap, gap + r * (ch + gap), Images.resizeNearest(TrainId.colorize(s.label()), cw, ch));
        }
        blit(sheet, sw, gap + (c + 1) * (cw + gap), gap + r * (ch + gap), Images.resizeNearest(s.image(), cw, ch));
      }
    }
    return RgbImage.wrap(sw, sh, sheet);
  }

  private static void blit(byte[] dst, int dstW, int x0, int y0, RgbImage img) {
    for (int y = 0; y < img.height(); y++) {
      System.arraycopy(img.data(), y * img.width() * 3, dst, ((y0 + y) * dstW + x0) * 3, img.width() * 3);
    }
  }
}
