package org.issastream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecImages;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.NoiseMaps;
import org.issastream.codec.Npy;
import org.issastream.codec.StyleCodes;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code issa invert}: W+ and noise maps as numpy files, plus the reconstruction. */
@Command(name = "invert", mixinStandardHelpOptions = true,
    description = {"Invert images into W+ style codes and noise maps.",
        "Per image NAME: NAME.wplus.npy (float32 [L,D]), NAME.noise.npz (noise_0 ... float32 [C,H,W]),",
        "NAME.input.png (the image at the codec's size) and NAME.recon.png (synthesis of the latents)."})
public final class InvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IMG|DIR", description = "An image or a directory of PNG/JPEG images.")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
  Path out;

  @Option(names = "--batch", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Mixin CodecOptions codecOptions;

  @Override
  public Integer call() throws Exception {
    List<Path> files = ImageFiles.list(input);
    Files.createDirectories(out);
    try (Codec codec = codecOptions.load()) {
      CodecManifest m = codec.manifest();
      double psnrSum = 0;
      for (int from = 0; from < files.size(); from += batch) {
        List<Path> chunk = files.subList(from, Math.min(files.size(), from + batch));
        List<RgbImage> imgs = MixCommand.read(chunk, m);
        Latents lat = codec.invert(imgs);
        List<RgbImage> recon = codec.synthesize(lat);
        for (int i = 0; i < chunk.size(); i++) {
          String name = ImageFiles.stem(chunk.get(i));
          StyleCodes s = lat.styles(i);
          Files.write(out.resolve(name + ".wplus.npy"), Npy.float32(s.toArray(), s.numStyles(), s.styleDim()));
          NoiseMaps n = lat.noise(i);
          Map<String, byte[]> maps = new LinkedHashMap<>();
          for (int k = 0; k < n.count(); k++) {
            maps.put("noise_" + k, Npy.float32(n.map(k), n.shape(k)));
          }
          Files.write(out.resolve(name + ".noise.npz"), Npy.npz(maps));
          Files.write(out.resolve(name + ".input.png"), Images.encodePng(imgs.get(i)));
          Files.write(out.resolve(name + ".recon.png"), Images.encodePng(recon.get(i)));
          double psnr = CodecImages.psnr(imgs.get(i), recon.get(i));
          psnrSum += psnr;
          System.out.printf("%s: W+ [%d,%d], noise %s, reconstruction PSNR %.2f dB%n",
              name, s.numStyles(), s.styleDim(), n.shapes(), psnr);
        }
      }
      System.out.printf("inverted %d images with %s; mean PSNR %.2f dB -> %s%n", files.size(), m.id(), psnrSum / files.size(), out);
    }
    return 0;
  }
}
