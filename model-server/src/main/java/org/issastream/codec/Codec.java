package org.issastream.codec;

import java.util.List;
import org.issastream.synthdrive.image.RgbImage;

/**
 * An ISSA codec: a masked-noise encoder (image → W+ style codes + content noise maps) and a
 * synthesis network (W+ + noise → image). No Kafka, no DJL types in this API.
 *
 * <p>Contract: images in and out are exactly {@link CodecManifest#height()} × {@link
 * CodecManifest#width()} ({@link CodecImages#fit} resizes); shapes are checked and a mismatch is a
 * {@link CodecMismatchException}. Implementations are safe for concurrent use by many threads (the
 * DJL backends keep one predictor per thread); the batch size of a call is the caller's choice.
 * Outputs are deterministic for identical inputs on the same backend and device.
 */
public interface Codec extends AutoCloseable {

  /** The manifest this codec was loaded from. */
  CodecManifest manifest();

  /** Encoder: images → per-image W+ [L,D] and noise maps. An empty list gives empty latents. */
  Latents invert(List<RgbImage> images) throws CodecException;

  /** Synthesis: latents → images, in order. */
  List<RgbImage> synthesize(Latents latents) throws CodecException;

  /**
   * The ISSA style mix: sample i keeps {@code content}'s noise (its layout, so its label stays valid)
   * and takes W+ slots from {@code styles.get(i)} as {@code policy} says; then synthesis.
   *
   * @param styles one exemplar per content sample ({@code styles.size() == content.size()})
   */
  default List<RgbImage> mix(Latents content, List<StyleCodes> styles, MixPolicy policy) throws CodecException {
    CodecManifest m = manifest();
    m.checkLatents(content);
    if (styles.size() != content.size()) {
      throw new CodecMismatchException(
          "mix needs one style per content sample: " + content.size() + " contents, " + styles.size() + " styles");
    }
    for (StyleCodes s : styles) {
      m.checkStyles(s);
    }
    int[] slots = policy.slotsOr(m.defaultMixSlots());
    for (int s : slots) {
      if (s >= m.numStyles()) {
        throw new CodecMismatchException("mix slot " + s + " outside [0," + m.numStyles() + ") of codec " + m.id());
      }
    }
    return synthesize(content.mixedWith(styles, policy, m.defaultMixSlots()));
  }

  /** {@code synthesize(invert(images))}: the reconstruction. */
  default List<RgbImage> reconstruct(List<RgbImage> images) throws CodecException {
    return synthesize(invert(images));
  }

  /** Releases native resources; further calls fail. Idempotent. */
  @Override
  void close();
}
