package org.issastream.worker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.Payload;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.InvalidImageException;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/**
 * Turns one raw input record into an {@link InputImage} or a {@link RejectedInputException} that
 * says which stage refused it and why: deserialize (not our wire format, unknown schema id, wrong
 * magic byte), payload (missing bytes, unreadable reference, checksum mismatch), decode (not an
 * image, truncated, over the limits: checked from the header before decoding), validate (label of
 * another size than its image, label on a style-only exemplar is ignored).
 */
public final class InputDecoder {
  private final Deserializer<FleetImage> deserializer;
  private final ImageLimits limits;
  private final int width;
  private final int height;

  public InputDecoder(Deserializer<FleetImage> deserializer, ImageLimits limits, int width, int height) {
    this.deserializer = deserializer;
    this.limits = limits;
    this.width = width;
    this.height = height;
  }

  public InputImage decode(String topic, Headers headers, byte[] value, boolean external) throws RejectedInputException {
    FleetImage record;
    try {
      if (value == null) {
        throw new IllegalArgumentException("null value (tombstone) on an image topic");
      }
      record = deserializer.deserialize(topic, headers, value);
    } catch (RuntimeException e) {
      throw new RejectedInputException("deserialize", "cannot deserialize FleetImage: " + e.getMessage(), e);
    }
    String id = record.getImageId();
    byte[] imageBytes = payloadBytes(record.getImage(), id, "image");
    RgbImage image;
    try {
      image = Images.decode(imageBytes, id + " (image)", limits);
    } catch (InvalidImageException | RuntimeException e) {
      throw new RejectedInputException("decode", e.getMessage(), e);
    }
    LabelMap label = null;
    byte[] labelPng = null;
    if (record.getLabel() != null && !external) {
      byte[] labelBytes = payloadBytes(record.getLabel(), id, "label");
      try {
        label = Images.decodeLabel(labelBytes, id + " (label)", limits);
      } catch (InvalidImageException | RuntimeException e) {
        throw new RejectedInputException("decode", e.getMessage(), e);
      }
      if (label.width() != image.width() || label.height() != image.height()) {
        throw new RejectedInputException("validate", String.format(Locale.ROOT,
            "label %dx%d does not match image %dx%d of %s", label.width(), label.height(),
            image.width(), image.height(), id), null);
      }
      labelPng = labelBytes;
    }
    if (image.width() != width || image.height() != height) {
      image = Images.fit(image, width, height);
      if (label != null) {
        label = Images.fit(label, width, height);
        labelPng = Images.encodeLabelPng(label);
      }
    }
    return new InputImage(record, image, label, labelPng, external);
  }

  private byte[] payloadBytes(Payload p, String id, String what) throws RejectedInputException {
    byte[] bytes;
    if (p.getData() != null) {
      bytes = Payloads.bytes(p);
    } else if (p.getUri() != null) {
      bytes = readReference(p.getUri(), id, what);
    } else {
      throw new RejectedInputException("payload", what + " of " + id + " has neither inline data nor a uri", null);
    }
    if (bytes.length > limits.maxBytes()) {
      throw new RejectedInputException("decode", what + " of " + id + " is " + bytes.length
          + " bytes, over the limit of " + limits.maxBytes(), null);
    }
    if (p.getSha256() != null && !p.getSha256().isEmpty()) {
      String actual = Payloads.sha256(bytes);
      if (!actual.equalsIgnoreCase(p.getSha256())) {
        throw new RejectedInputException("payload", what + " of " + id + ": sha256 " + actual
            + " does not match the record's " + p.getSha256(), null);
      }
    }
    return bytes;
  }

  /** Claim-check references: {@code file:} URIs (shared volumes); other schemes are refused clearly. */
  private byte[] readReference(String uri, String id, String what) throws RejectedInputException {
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new RejectedInputException("payload", what + " of " + id + ": bad uri " + uri, e);
    }
    if (!"file".equalsIgnoreCase(u.getScheme())) {
      throw new RejectedInputException("payload", what + " of " + id + ": unsupported reference scheme '"
          + u.getScheme() + "' (this worker reads file: references)", null);
    }
    Path path = Path.of(u);
    try {
      long size = Files.size(path);
      if (size > limits.maxBytes()) {
        throw new RejectedInputException("decode", what + " of " + id + " at " + uri + " is " + size
            + " bytes, over the limit of " + limits.maxBytes(), null);
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new RejectedInputException("payload", what + " of " + id + ": cannot read " + uri + ": " + e, e);
    }
  }
}
