package org.issastream.synthdrive.dataset;

import java.nio.file.Path;
import java.util.Map;
import org.issastream.synthdrive.Condition;

/**
 * One image of a dataset on disk, as found by {@link DatasetReader}.
 *
 * @param name stable name, unique within the dataset (the file stem without layout suffixes)
 * @param image the image file
 * @param label the trainId label PNG, or null when unlabelled
 * @param split "train", "val", "test", or null when the layout has none
 * @param condition the capture condition from the layout or manifest, or null when unknown
 * @param place the city / place id, or null when unknown
 * @param attributes other facts (relative path, sequence, seed ...)
 */
public record Sample(String name, Path image, Path label, String split, Condition condition, String place,
    Map<String, String> attributes) {
  public Sample {
    attributes = Map.copyOf(attributes);
  }
}
