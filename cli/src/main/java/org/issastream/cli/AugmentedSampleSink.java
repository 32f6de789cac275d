package org.issastream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.ConditionTags;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.TrainId;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.InvalidImageException;
import org.issastream.synthdrive.image.LabelMap;

/**
 * Writes {@link AugmentedSample}s as a Cityscapes-layout dataset: the image as
 * {@code leftImg8bit/<split>/<city>/<name>_leftImg8bit.png}, the label as
 * {@code gtFine/<split>/<city>/<name>_gtFine_labelTrainIds.png} (+ colour), and a provenance JSON
 * at {@code provenance/<split>/<city>/<name>.json}. The city is the content image's place (or
 * "stream"). Files are written atomically; writing the same sample twice gives the same files, so
 * at-least-once delivery leaves no duplicates.
 */
public final class AugmentedSampleSink {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;
  private final ImageLimits limits;
  private final Map<String, Integer> perSplit = new TreeMap<>();
  private final Map<String, Integer> perStyleCondition = new TreeMap<>();

  public AugmentedSampleSink(Path root, ImageLimits limits) {
    this.root = root;
    this.limits = limits;
  }

  /** File-system safe version of a sample id. */
  static String safeName(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  /** Writes one sample; returns the image path relative to the root. */
  public String write(AugmentedSample s, String topic, int partition, long offset) throws IOException, InvalidImageException {
    String split = switch (s.getSplit()) {
      case VAL -> "val";
      case TEST -> "test";
      default -> "train";
    };
    String place = s.getContentConditions() != null && s.getContentConditions().getPlace() != null
        ? safeName(s.getContentConditions().getPlace()) : "stream";
    String name = safeName(s.getSampleId());
    String what = topic + "/" + partition + "@" + offset + " (" + s.getSampleId() + ")";
    byte[] img = FleetImages.bytes(s.getImage(), what + " image");
    // Validate before writing anything: a consumer must not leave broken files in a dataset.
    var decoded = Images.decode(img, what + " image", limits);
    byte[] pngImg = Images.PNG.equals(Images.sniffMediaType(img)) ? img : Images.encodePng(decoded);
    String imgRel = "leftImg8bit/" + split + "/" + place + "/" + name + "_leftImg8bit.png";
    put(imgRel, pngImg);
    String labRel = null;
    if (s.getLabel() != null) {
      byte[] lab = FleetImages.bytes(s.getLabel(), what + " label");
      LabelMap lm = Images.decodeLabel(lab, what + " label", limits);
      labRel = "gtFine/" + split + "/" + place + "/" + name + "_gtFine_labelTrainIds.png";
      put(labRel, lab);
      put("gtFine/" + split + "/" + place + "/" + name + "_gtFine_color.png", Images.encodePng(TrainId.colorize(lm)));
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("sampleId", s.getSampleId());
    prov.put("contentId", s.getContentId());
    prov.put("styleId", s.getStyleId());
    prov.put("variant", s.getVariant());
    prov.put("split", split);
    prov.put("codecId", s.getCodecId());
    prov.put("codecVersion", s.getCodecVersion());
    Map<String, Object> mix = new LinkedHashMap<>();
    mix.put("styleSlots", s.getMix().getStyleSlots());
    mix.put("strength", s.getMix().getStrength());
    mix.put("seed", s.getMix().getSeed());
    mix.put("policy", s.getMix().getPolicy());
    prov.put("mix", mix);
    prov.put("contentConditions", tags(s.getContentConditions()));
    prov.put("styleConditions", tags(s.getStyleConditions()));
    prov.put("styleOrigin", s.getStyleOrigin().name());
    prov.put("createdTimeMs", s.getCreatedTimeMs().toEpochMilli());
    prov.put("image", imgRel);
    prov.put("label", labRel);
    prov.put("source", Map.of("topic", topic, "partition", partition, "offset", offset));
    put("provenance/" + split + "/" + place + "/" + name + ".json", JSON.writeValueAsBytes(prov));
    perSplit.merge(split, 1, Integer::sum);
    Condition sc = ConditionTagsMapping.condition(s.getStyleConditions());
    perStyleCondition.merge(sc != null ? sc.id() : "unknown", 1, Integer::sum);
    return imgRel;
  }

  private static Map<String, Object> tags(ConditionTags t) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (t == null) {
      return m;
    }
    m.put("weather", t.getWeather().name());
    m.put("timeOfDay", t.getTimeOfDay().name());
    m.put("place", t.getPlace());
    Condition c = ConditionTagsMapping.condition(t);
    m.put("condition", c != null ? c.id() : null);
    return m;
  }

  /** Counts written by this sink per split and per style condition. */
  public Map<String, Map<String, Integer>> counts() {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    m.put("split", new TreeMap<>(perSplit));
    m.put("styleCondition", new TreeMap<>(perStyleCondition));
    return m;
  }

  private void put(String rel, byte[] bytes) throws IOException {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
