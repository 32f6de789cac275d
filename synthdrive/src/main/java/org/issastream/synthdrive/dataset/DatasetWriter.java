package org.issastream.synthdrive.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.issastream.synthdrive.TrainId;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/**
 * Writes images and labels in the Cityscapes or ACDC layout. Thread-safe: each call writes its
 * own files (atomically, via a temporary file and a rename).
 */
public final class DatasetWriter {
  private final Path root;
  private final DatasetLayout layout;
  private final boolean colour;

  /**
   * @param colour also write the Cityscapes colour visualisation of each label
   */
  public DatasetWriter(Path root, DatasetLayout layout, boolean colour) {
    if (layout == DatasetLayout.PLAIN) {
      throw new IllegalArgumentException("the plain layout has no labels; write cityscapes or acdc");
    }
    this.root = Objects.requireNonNull(root);
    this.layout = layout;
    this.colour = colour;
  }

  public Path root() {
    return root;
  }

  public DatasetLayout layout() {
    return layout;
  }

  /** Relative paths of what {@link #write} wrote: image, label (or null), colour (or null). */
  public record Written(String image, String label, String color) {}

  /**
   * Writes one sample.
   *
   * @param split train / val / test
   * @param group the city (Cityscapes) or the sequence (ACDC)
   * @param condition the ACDC condition folder (ignored for Cityscapes; required for ACDC)
   * @param name file stem, unique within the dataset
   * @param label may be null (image only)
   */
  public Written write(String split, String group, String condition, String name, RgbImage image, LabelMap label)
      throws IOException {
    String img;
    String lab = null;
    String col = null;
    if (layout == DatasetLayout.CITYSCAPES) {
      img = "leftImg8bit/" + split + "/" + group + "/" + name + "_leftImg8bit.png";
      if (label != null) {
        lab = "gtFine/" + split + "/" + group + "/" + name + "_gtFine_labelTrainIds.png";
        col = colour ? "gtFine/" + split + "/" + group + "/" + name + "_gtFine_color.png" : null;
      }
    } else {
      if (condition == null) {
        throw new IllegalArgumentException("the ACDC layout needs a condition folder for " + name);
      }
      img = "rgb_anon/" + condition + "/" + split + "/" + group + "/" + name + "_rgb_anon.png";
      if (label != null) {
        lab = "gt/" + condition + "/" + split + "/" + group + "/" + name + "_gt_labelTrainIds.png";
        col = colour ? "gt/" + condition + "/" + split + "/" + group + "/" + name + "_gt_labelColor.png" : null;
      }
    }
    put(img, Images.encodePng(image));
    if (lab != null) {
      put(lab, Images.encodeLabelPng(label));
    }
    if (col != null) {
      put(col, Images.encodePng(TrainId.colorize(label)));
    }
    return new Written(img, lab, col);
  }

  private void put(String rel, byte[] bytes) throws IOException {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
