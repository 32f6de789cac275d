package org.issastream.trainer.judge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers of one codec evaluation (see docs/judges.md). Fractions are in [0,1]; mIoU values are
 * means over present classes; PSNR is the mean of per-image PSNR in dB (an exact reconstruction
 * counts as {@link CodecEvaluator#PSNR_CAP_DB}).
 *
 * @param miouRealVsStyle baseline for the layout leak: the oracle on the real content image
 *     scored against the style image's label (two unrelated layouts agree this much by chance)
 * @param classifierAccuracyReal classifier accuracy on the real content and style images of the
 *     pairs (how far to trust style_taken)
 * @param reconConditionKept how often the reconstruction is classified as the content's condition
 * @param mixConfusion rows: style condition, columns: predicted condition of the mix
 */
@JsonPropertyOrder(alphabetic = false)
public record CodecEvalReport(
    @JsonProperty("codec") String codec,
    @JsonProperty("judges") String judges,
    @JsonProperty("pairs") int pairs,
    @JsonProperty("seed") long seed,
    @JsonProperty("psnr_db") double psnrDb,
    @JsonProperty("miou_real") double miouReal,
    @JsonProperty("miou_recon") double miouRecon,
    @JsonProperty("miou_mixed") double miouMixed,
    @JsonProperty("miou_mixed_vs_style") double miouMixedVsStyle,
    @JsonProperty("miou_real_vs_style") double miouRealVsStyle,
    @JsonProperty("style_taken") double styleTaken,
    @JsonProperty("content_kept") double contentKept,
    @JsonProperty("style_taken_per_condition") Map<String, Double> styleTakenPerCondition,
    @JsonProperty("content_kept_per_condition") Map<String, Double> contentKeptPerCondition,
    @JsonProperty("classifier_accuracy_real") double classifierAccuracyReal,
    @JsonProperty("recon_condition_kept") double reconConditionKept,
    @JsonProperty("iou_real") Map<String, Double> iouReal,
    @JsonProperty("iou_recon") Map<String, Double> iouRecon,
    @JsonProperty("iou_mixed") Map<String, Double> iouMixed,
    @JsonProperty("conditions") List<String> conditions,
    @JsonProperty("mix_confusion") long[][] mixConfusion,
    @JsonProperty("seconds") double seconds) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One JSON object on one line. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise report", e);
    }
  }

  public static CodecEvalReport parse(String json) throws IOException {
    return JSON.readValue(json, CodecEvalReport.class);
  }

  /** A human-readable table. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "codec %s, judges %s, %d held-out pairs (seed %d), %.1f s%n",
        codec, judges, pairs, seed, seconds));
    sb.append(String.format(Locale.ROOT, "reconstruction PSNR          %7.2f dB%n", psnrDb));
    sb.append(String.format(Locale.ROOT, "oracle mIoU  real            %7.4f%n", miouReal));
    sb.append(String.format(Locale.ROOT, "             reconstruction  %7.4f%n", miouRecon));
    sb.append(String.format(Locale.ROOT, "             mixed vs content label  %7.4f   (layout kept)%n",
        miouMixed));
    sb.append(String.format(Locale.ROOT, "             mixed vs style label    %7.4f   (layout leak; chance %.4f)%n",
        miouMixedVsStyle, miouRealVsStyle));
    sb.append(String.format(Locale.ROOT, "classifier   style taken     %6.1f %%%n", 100 * styleTaken));
    sb.append(String.format(Locale.ROOT, "             content kept    %6.1f %%%n", 100 * contentKept));
    sb.append(String.format(Locale.ROOT, "             accuracy on real images %.1f %%, recon keeps condition %.1f %%%n",
        100 * classifierAccuracyReal, 100 * reconConditionKept));
    sb.append(String.format(Locale.ROOT, "%nper style condition   style taken   content kept%n"));
    for (String c : styleTakenPerCondition.keySet()) {
      sb.append(String.format(Locale.ROOT, "  %-10s          %6.1f %%      %6.1f %%%n", c,
          100 * styleTakenPerCondition.get(c), 100 * contentKeptPerCondition.get(c)));
    }
    sb.append(String.format(Locale.ROOT, "%nmix classified as (rows: style condition)%n  %-9s", ""));
    for (String c : conditions) {
      sb.append(String.format(Locale.ROOT, "%9s", c));
    }
    sb.append('\n');
    for (int r = 0; r < mixConfusion.length; r++) {
      sb.append(String.format(Locale.ROOT, "  %-9s", conditions.get(r)));
      for (long v : mixConfusion[r]) {
        sb.append(String.format(Locale.ROOT, "%9d", v));
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%nper-class IoU        real   recon   mixed%n"));
    for (String k : iouReal.keySet()) {
      sb.append(String.format(Locale.ROOT, "  %-14s  %6.3f  %6.3f  %6.3f%n", k, iouReal.get(k),
          iouRecon.getOrDefault(k, Double.NaN), iouMixed.getOrDefault(k, Double.NaN)));
    }
    return sb.toString();
  }
}
