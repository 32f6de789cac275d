package org.issastream.trainer.judge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} next to the judge weights: architecture, the sha256 of each weight file
 * (checked before loading), how they were trained and what they scored on held-out scenes.
 *
 * @param version recipe version; a cache directory is only reused for the same version
 * @param conditions class names of the classifier, in output order
 * @param training the effective training configuration and its measured cost
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JudgeManifest(int format, String version, int height, int width,
    Net segmenter, Net classifier, List<String> conditions, Map<String, Object> training,
    HeldOut heldOut) {

  public static final String FILE_NAME = "manifest.json";
  public static final int FORMAT = 1;
  /** Bump when the architecture or the training recipe changes. */
  public static final String VERSION = "judges-v1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One network: its parameter file, digest and architecture. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Net(String file, String sha256, int numClasses, int baseWidth) {}

  /**
   * Held-out scores: segmentation mIoU over present classes and per-class IoU (by class name),
   * classifier accuracy and its confusion matrix (rows truth, columns prediction).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record HeldOut(long firstSeed, int images, double miou, double pixelAccuracy,
      Map<String, Double> iou, double accuracy, long[][] confusion) {}

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise manifest", e);
    }
  }

  public static JudgeManifest parse(String json) throws IOException {
    return JSON.readValue(json, JudgeManifest.class);
  }
}
