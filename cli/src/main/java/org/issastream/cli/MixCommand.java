package org.issastream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecImages;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.codec.StyleCodes;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code issa mix}: every content image in the style of every style image (content noise + style
 * W+), resized to the codec's size; one PNG per pair plus a grid.
 */
@Command(name = "mix", mixinStandardHelpOptions = true,
    description = {"Restyle every content image with every style image (ISSA style mixing).",
        "Writes <content>__<style>.png per pair and grid.png (first row: styles, first column: contents)."})
public final class MixCommand implements Callable<Integer> {
  @Option(names = "--content", required = true, paramLabel = "IMG|DIR", description = "Content image(s): layout kept.")
  Path content;

  @Option(names = "--style", required = true, paramLabel = "IMG|DIR", description = "Style image(s): appearance taken.")
  Path style;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
  Path out;

  @Option(names = "--slots", paramLabel = "LIST", split = ",",
      description = "W+ slots taken from the style image, e.g. 0,1,2 (default: the manifest's, normally all).")
  int[] slots;

  @Option(names = "--strength", defaultValue = "1.0", description = "Interpolation strength in [0,1] (default: ${DEFAULT-VALUE}).")
  float strength;

  @Option(names = "--batch", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Mixin CodecOptions codecOptions;

  @Override
  public Integer call() throws Exception {
    List<Path> contentFiles = ImageFiles.list(content);
    List<Path> styleFiles = ImageFiles.list(style);
    MixPolicy policy = MixPolicy.defaults().withStrength(strength);
    if (slots != null) {
      policy = policy.withSlots(slots);
    }
    long t0 = System.nanoTime();
    try (Codec codec = codecOptions.load()) {
      CodecManifest m = codec.manifest();
      List<RgbImage> contents = read(contentFiles, m);
      List<RgbImage> styles = read(styleFiles, m);
      Latents contentLat = invert(codec, contents);
      List<StyleCodes> styleCodes = invert(codec, styles).styles();
      Files.createDirectories(out);
      int h = m.height();
      int w = m.width();
      byte[] grid = new byte[(contents.size() + 1) * h * (styles.size() + 1) * w * 3];
      java.util.Arrays.fill(grid, (byte) 255);
      int gridW = (styles.size() + 1) * w;
      for (int s = 0; s < styles.size(); s++) {
        paste(grid, gridW, styles.get(s), 0, s + 1);
      }
      for (int c = 0; c < contents.size(); c++) {
        paste(grid, gridW, contents.get(c), c + 1, 0);
        for (int from = 0; from < styles.size(); from += batch) {
          int to = Math.min(styles.size(), from + batch);
          Latents reps = Latents.of(Collections.nCopies(to - from, contentLat.styles(c)),
              Collections.nCopies(to - from, contentLat.noise(c)));
          List<RgbImage> mixed = codec.mix(reps, styleCodes.subList(from, to), policy);
          for (int s = from; s < to; s++) {
            RgbImage img = mixed.get(s - from);
            String name = ImageFiles.stem(contentFiles.get(c)) + "__" + ImageFiles.stem(styleFiles.get(s)) + ".png";
            Files.write(out.resolve(name), Images.encodePng(img));
            paste(grid, gridW, img, c + 1, s + 1);
          }
        }
      }
      Files.write(out.resolve("grid.png"), Images.encodePng(RgbImage.wrap(gridW, (contents.size() + 1) * h, grid)));
      System.out.printf("mixed %d contents x %d styles with %s (%s) in %.1f s -> %s (and grid.png)%n",
          contents.size(), styles.size(), m.id(), policy, (System.nanoTime() - t0) / 1e9, out);
    }
    return 0;
  }

  static List<RgbImage> read(List<Path> files, CodecManifest m) throws Exception {
    List<RgbImage> imgs = new ArrayList<>();
    for (Path f : files) {
      imgs.add(CodecImages.fit(Images.decode(f, ImageLimits.DEFAULT), m));
    }
    return imgs;
  }

  private Latents invert(Codec codec, List<RgbImage> imgs) throws Exception {
    List<Latents> parts = new ArrayList<>();
    for (int from = 0; from < imgs.size(); from += batch) {
      parts.add(codec.invert(imgs.subList(from, Math.min(imgs.size(), from + batch))));
    }
    return Latents.concat(parts);
  }

  /** Copies {@code img} into grid tile (row, col). */
  static void paste(byte[] grid, int gridW, RgbImage img, int row, int col) {
    int w = img.width();
    int h = img.height();
    byte[] src = img.data();
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, y * w * 3, grid, ((row * h + y) * gridW + col * w) * 3, w * 3);
    }
  }
}
