package org.issastream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.ConditionIds;
import org.issastream.schemas.ConditionTags;
import org.issastream.worker.Payloads;
import org.issastream.schemas.Split;
import org.issastream.synthdrive.dataset.DatasetLayout;
import org.issastream.synthdrive.dataset.DatasetWriter;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.InvalidImageException;

/**
 * Writes augmented samples as a Cityscapes-layout dataset any segmentation trainer reads:
 * {@code leftImg8bit/<split>/<group>/<sampleId>_leftImg8bit.png} + the trainId label, plus
 * {@code provenance/<split>/<group>/<sampleId>.json} (content id, style id, codec, mix parameters,
 * both images' conditions). Group = the content image's place (or "fleet"); TRAIN samples go to
 * {@code train}, proxy-validation samples to {@code val}.
 */
final class SampleSink {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DatasetWriter writer;
  private final Path root;

  SampleSink(Path root) {
    this.root = root;
    this.writer = new DatasetWriter(root, DatasetLayout.CITYSCAPES, true);
  }

  /** Writes one sample; returns the image's relative path. */
  String write(AugmentedSample s) throws IOException, InvalidImageException {
    String split = s.getSplit() == Split.VAL ? "val" : "train";
    String place = s.getContentConditions().getPlace();
    String group = place == null || place.isBlank() ? "fleet" : place;
    String name = s.getSampleId().replaceAll("[^A-Za-z0-9._-]", "_");
    var image = Images.decode(Payloads.bytes(s.getImage()), s.getSampleId(), ImageLimits.DEFAULT);
    var label = s.getLabel() == null ? null : Images.decodeLabel(Payloads.bytes(s.getLabel()), s.getSampleId(), ImageLimits.DEFAULT);
    DatasetWriter.Written w = writer.write(split, group, null, name, image, label);
    ObjectNode n = JSON.createObjectNode()
        .put("sample_id", s.getSampleId())
        .put("content_id", s.getContentId())
        .put("style_id", s.getStyleId())
        .put("variant", s.getVariant())
        .put("split", split)
        .put("codec_id", s.getCodecId())
        .put("codec_version", s.getCodecVersion())
        .put("content_condition", condition(s.getContentConditions()))
        .put("style_condition", condition(s.getStyleConditions()))
        .put("style_origin", s.getStyleOrigin().name())
        .put("image", w.image())
        .put("label", w.label());
    ObjectNode mix = n.putObject("mix");
    mix.putPOJO("style_slots", s.getMix().getStyleSlots());
    mix.put("strength", s.getMix().getStrength());
    mix.put("seed", s.getMix().getSeed());
    mix.put("policy", s.getMix().getPolicy());
    Path json = root.resolve("provenance").resolve(split).resolve(group).resolve(name + ".json");
    Files.createDirectories(json.getParent());
    Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n), StandardCharsets.UTF_8);
    Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return w.image();
  }

  private static String condition(ConditionTags t) {
    String c = ConditionIds.of(t);
    return c == null ? "unknown" : c.toLowerCase(Locale.ROOT);
  }
}
