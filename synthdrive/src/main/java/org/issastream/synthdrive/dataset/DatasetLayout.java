package org.issastream.synthdrive.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** On-disk dataset layouts this package reads and writes. */
public enum DatasetLayout {
  /**
   * Cityscapes: {@code leftImg8bit/<split>/<city>/<name>_leftImg8bit.png} with labels at
   * {@code gtFine/<split>/<city>/<name>_gtFine_labelTrainIds.png} (and {@code _gtFine_color.png}).
   */
  CITYSCAPES("cityscapes"),
  /**
   * ACDC: {@code rgb_anon/<condition>/<split>/<sequence>/<name>_rgb_anon.png} with labels at
   * {@code gt/<condition>/<split>/<sequence>/<name>_gt_labelTrainIds.png}.
   */
  ACDC("acdc"),
  /** Any folder tree of PNG/JPEG images, unlabelled. */
  PLAIN("plain");

  private final String id;

  DatasetLayout(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static DatasetLayout fromId(String s) {
    for (DatasetLayout l : values()) {
      if (l.id.equalsIgnoreCase(s.trim()) || l.name().equalsIgnoreCase(s.trim())) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown dataset layout '" + s + "'; known: cityscapes, acdc, plain");
  }

  /** Detects the layout of a dataset root: by its top-level folders, else PLAIN. */
  public static DatasetLayout detect(Path root) {
    if (Files.isDirectory(root.resolve("leftImg8bit"))) {
      return CITYSCAPES;
    }
    if (Files.isDirectory(root.resolve("rgb_anon"))) {
      return ACDC;
    }
    return PLAIN;
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
