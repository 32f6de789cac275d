package org.issastream.worker;

import org.issastream.schemas.FleetImage;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/**
 * A decoded, validated input image at the codec's size.
 *
 * @param record the original record
 * @param image the image fitted to the codec's H × W
 * @param label the label fitted the same way (nearest), or null when unlabelled
 * @param labelPng the label as PNG: the original bytes when no resize was needed (byte-identical
 *     pass-through), else the fitted label re-encoded; null when unlabelled
 * @param external whether it came from the exemplar topic (style only)
 */
public record InputImage(FleetImage record, RgbImage image, LabelMap label, byte[] labelPng, boolean external) {
  public String id() {
    return record.getImageId();
  }

  public boolean labelled() {
    return label != null;
  }
}
