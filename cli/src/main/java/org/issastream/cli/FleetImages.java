package org.issastream.cli;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.ImageRole;
import org.issastream.schemas.Payload;
import org.issastream.schemas.Split;
import org.issastream.synthdrive.dataset.Sample;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.InvalidImageException;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/** Builds {@link FleetImage} records from dataset samples, validating every file first. */
public final class FleetImages {
  private FleetImages() {}

  /**
   * The record for a sample. The image (and label) bytes are sent as they are on disk, after a
   * full decode under the limits proves them valid; a label must match the image size.
   *
   * @param source the source name; the image id is {@code <source>/<sample name>}
   * @param role CONTENT keeps labels and splits; STYLE_ONLY drops both (exemplars are unlabelled)
   * @param captureTime the capture time to record
   */
  public static FleetImage fromSample(Sample s, String source, ImageRole role, ImageLimits limits, Instant captureTime)
      throws InvalidImageException {
    byte[] img = Images.readFile(s.image(), limits);
    RgbImage decoded = Images.decode(img, s.image().toString(), limits);
    Payload label = null;
    if (s.label() != null && role == ImageRole.CONTENT) {
      byte[] lab = Images.readFile(s.label(), limits);
      LabelMap lm = Images.decodeLabel(lab, s.label().toString(), limits);
      if (lm.width() != decoded.width() || lm.height() != decoded.height()) {
        throw new InvalidImageException(s.label().toString(), "label is " + lm.width() + "x" + lm.height()
            + " but its image is " + decoded.width() + "x" + decoded.height());
      }
      label = payload(Images.PNG, lab, lm.width(), lm.height());
    }
    Map<String, String> attrs = new LinkedHashMap<>(s.attributes());
    attrs.put("name", s.name());
    return FleetImage.newBuilder()
        .setImageId(source + "/" + s.name())
        .setSource(source)
        .setCaptureTimeMs(captureTime)
        .setRole(role)
        .setSplit(role == ImageRole.CONTENT ? split(s.split()) : Split.NONE)
        .setImage(payload(Images.sniffMediaType(img), img, decoded.width(), decoded.height()))
        .setLabel(label)
        .setConditions(ConditionTagsMapping.tags(s.condition(), s.place()))
        .setAttributes(new LinkedHashMap<>(attrs))
        .build();
  }

  static Split split(String s) {
    if (s == null) {
      return Split.NONE;
    }
    return switch (s) {
      case "train" -> Split.TRAIN;
      case "val" -> Split.VAL;
      case "test" -> Split.TEST;
      default -> Split.NONE;
    };
  }

  /** An inline payload with its SHA-256. */
  public static Payload payload(String mediaType, byte[] data, int width, int height) {
    return Payload.newBuilder()
        .setMediaType(mediaType)
        .setData(ByteBuffer.wrap(data))
        .setUri(null)
        .setSha256(sha256(data))
        .setSizeBytes(data.length)
        .setWidth(width)
        .setHeight(height)
        .build();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * The bytes of a payload: inline data, or a {@code file:} URI checked against the SHA-256 when
   * one is given.
   */
  public static byte[] bytes(Payload p, String what) throws InvalidImageException {
    if (p.getData() != null) {
      ByteBuffer b = p.getData().duplicate();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    }
    String uri = p.getUri();
    if (uri == null || !uri.startsWith("file:")) {
      throw new InvalidImageException(what, "payload has neither inline data nor a file: uri (" + uri + ")");
    }
    try {
      byte[] out = Files.readAllBytes(Path.of(java.net.URI.create(uri)));
      if (p.getSha256() != null && !p.getSha256().equalsIgnoreCase(sha256(out))) {
        throw new InvalidImageException(what, "SHA-256 mismatch for " + uri);
      }
      return out;
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new InvalidImageException(what, "cannot read " + uri + ": " + e.getMessage(), e);
    }
  }
}
