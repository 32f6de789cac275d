package org.issastream.trainer.judge;

import java.util.ArrayList;
import java.util.List;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecImages;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.NoiseMaps;
import org.issastream.codec.PixelNormalisation;
import org.issastream.codec.StyleCodes;
import org.issastream.synthdrive.image.RgbImage;

/**
 * Test codecs with exact, known behaviour. {@link Mode#CONTENT}: the noise map is the whole image
 * and W+ is ignored, so reconstructions and mixes equal the content image. {@link Mode#STYLE}:
 * W+ (one slot) is the whole image and the noise is a dummy, so reconstructions equal the input
 * and a mix equals the style image.
 */
final class PassThroughCodec implements Codec {
  enum Mode { CONTENT, STYLE }

  private final Mode mode;
  private final CodecManifest manifest;
  private final int plane;

  PassThroughCodec(Mode mode, int height, int width) {
    this.mode = mode;
    this.plane = height * width;
    CodecManifest.Builder b = CodecManifest.builder().id("test-passthrough-" + mode.name().toLowerCase())
        .version("1").backend("test").imageSize(height, width)
        .normalisation(PixelNormalisation.MINUS_ONE_TO_ONE);
    if (mode == Mode.CONTENT) {
      b.styles(1, 3).addNoiseShape(3, height, width);
    } else {
      b.styles(1, 3 * plane).addNoiseShape(1, 1, 1);
    }
    this.manifest = b.build();
  }

  @Override
  public CodecManifest manifest() {
    return manifest;
  }

  @Override
  public Latents invert(List<RgbImage> images) throws CodecException {
    manifest.checkImages(images);
    float[] x = CodecImages.toNchw(images, manifest.height(), manifest.width(), manifest.normalisation());
    List<StyleCodes> s = new ArrayList<>();
    List<NoiseMaps> n = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      float[] img = java.util.Arrays.copyOfRange(x, i * 3 * plane, (i + 1) * 3 * plane);
      if (mode == Mode.CONTENT) {
        s.add(StyleCodes.of(1, 3, new float[3]));
        n.add(NoiseMaps.of(manifest.noiseShapes(), List.of(img)));
      } else {
        s.add(StyleCodes.of(1, 3 * plane, img));
        n.add(NoiseMaps.of(manifest.noiseShapes(), List.of(new float[1])));
      }
    }
    return Latents.of(s, n);
  }

  @Override
  public List<RgbImage> synthesize(Latents latents) throws CodecException {
    manifest.checkLatents(latents);
    float[] out = new float[latents.size() * 3 * plane];
    for (int i = 0; i < latents.size(); i++) {
      float[] src = mode == Mode.CONTENT ? latents.noise(i).map(0) : latents.styles(i).toArray();
      System.arraycopy(src, 0, out, i * 3 * plane, 3 * plane);
    }
    return CodecImages.fromNchw(out, latents.size(), manifest.height(), manifest.width(),
        manifest.normalisation());
  }

  @Override
  public void close() {}
}
