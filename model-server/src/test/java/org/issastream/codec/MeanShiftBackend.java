package org.issastream.codec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.issastream.codec.spi.CodecBackend;
import org.issastream.synthdrive.image.RgbImage;

/**
 * Test backend "test-meanshift": a pure-Java codec with an exact inverse. W+ = the image's per-channel
 * mean broadcast over every slot (channel = d % 3); one noise map [3,H,W] = image minus its mean;
 * synthesis = noise + W+ slot 0's channel means. So reconstruction is exact and mixing moves the
 * global colour to the exemplar's while the layout stays. It reads its pinned "weights.bin" to prove
 * the loader handed over the directory.
 */
public final class MeanShiftBackend implements CodecBackend {
  @Override
  public String name() {
    return "test-meanshift";
  }

  @Override
  public Codec open(CodecManifest m, Path dir, String device) throws CodecException {
    try {
      byte[] w = Files.readAllBytes(CodecLoader.pinnedFile(m, dir, m.property("weights", "weights.bin")));
      if (w.length == 0) {
        throw new CodecException("empty weights");
      }
    } catch (java.io.IOException e) {
      throw new CodecException("cannot read weights", e);
    }
    if (m.noiseShapes().size() != 1 || !Arrays.equals(m.noiseShapes().get(0), new int[] {3, m.height(), m.width()})) {
      throw new CodecMismatchException("test-meanshift needs one noise map [3,H,W]");
    }
    return new Impl(m);
  }

  static final class Impl implements Codec {
    private final CodecManifest m;
    private volatile boolean closed;

    Impl(CodecManifest m) {
      this.m = m;
    }

    @Override
    public CodecManifest manifest() {
      return m;
    }

    @Override
    public Latents invert(List<RgbImage> images) throws CodecException {
      check();
      m.checkImages(images);
      int plane = m.height() * m.width();
      float[] x = CodecImages.toNchw(images, m.height(), m.width(), m.normalisation());
      List<StyleCodes> s = new ArrayList<>();
      List<NoiseMaps> n = new ArrayList<>();
      for (int b = 0; b < images.size(); b++) {
        float[] mean = new float[3];
        float[] noise = Arrays.copyOfRange(x, b * 3 * plane, (b + 1) * 3 * plane);
        for (int c = 0; c < 3; c++) {
          double acc = 0;
          for (int p = 0; p < plane; p++) {
            acc += noise[c * plane + p];
          }
          mean[c] = (float) (acc / plane);
          for (int p = 0; p < plane; p++) {
            noise[c * plane + p] -= mean[c];
          }
        }
        float[] w = new float[m.numStyles() * m.styleDim()];
        for (int i = 0; i < w.length; i++) {
          w[i] = mean[(i % m.styleDim()) % 3];
        }
        s.add(StyleCodes.of(m.numStyles(), m.styleDim(), w));
        n.add(NoiseMaps.of(m.noiseShapes(), List.of(noise)));
      }
      return Latents.of(s, n);
    }

    @Override
    public List<RgbImage> synthesize(Latents latents) throws CodecException {
      check();
      m.checkLatents(latents);
      int plane = m.height() * m.width();
      float[] out = new float[latents.size() * 3 * plane];
      for (int b = 0; b < latents.size(); b++) {
        float[] noise = latents.noise(b).map(0);
        for (int c = 0; c < 3; c++) {
          float mean = latents.styles(b).get(0, c);
          for (int p = 0; p < plane; p++) {
            out[b * 3 * plane + c * plane + p] = noise[c * plane + p] + mean;
          }
        }
      }
      return CodecImages.fromNchw(out, latents.size(), m.height(), m.width(), m.normalisation());
    }

    private void check() throws CodecException {
      if (closed) {
        throw new CodecException("closed");
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
