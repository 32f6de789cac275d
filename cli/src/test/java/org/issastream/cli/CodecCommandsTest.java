package org.issastream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.issastream.codec.Npy;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code issa invert} and {@code issa mix} run in-process on the tiny TorchScript test fixture. */
class CodecCommandsTest {
  static final Path FIXTURE = Path.of("../model-server/src/test/resources/fixtures/tiny-codec");

  static void png(Path file, int w, int h, int seed) throws Exception {
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) ((i * (seed + 3)) % 251);
    }
    Files.write(file, Images.encodePng(RgbImage.wrap(w, h, px)));
  }

  @Test
  void invertWritesNumpyLatentsAndReconstruction(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    png(in.resolve("a.png"), 64, 32, 1);
    png(in.resolve("b.png"), 100, 40, 2); // other aspect: centre-cropped and resized
    Path out = tmp.resolve("out");
    int rc = IssaMain.commandLine().execute("invert", in.toString(), "--codec", FIXTURE.toString(), "--out", out.toString());
    assertEquals(0, rc);
    Npy.Array w = Npy.read(out.resolve("b.wplus.npy"));
    assertArrayEquals(new int[] {4, 8}, w.shape());
    try (ZipFile z = new ZipFile(out.resolve("b.noise.npz").toFile())) {
      assertEquals(2, z.size());
      Npy.Array n0 = Npy.read(z.getInputStream(z.getEntry("noise_0.npy")).readAllBytes());
      assertArrayEquals(new int[] {4, 4, 8}, n0.shape());
    }
    RgbImage recon = Images.decode(out.resolve("a.recon.png"), ImageLimits.DEFAULT);
    assertEquals(32, recon.width());
    assertEquals(16, recon.height());
  }

  @Test
  void mixWritesEveryPairAndAGrid(@TempDir Path tmp) throws Exception {
    Path c = Files.createDirectories(tmp.resolve("c"));
    Path s = Files.createDirectories(tmp.resolve("s"));
    png(c.resolve("c1.png"), 32, 16, 1);
    png(c.resolve("c2.png"), 32, 16, 2);
    png(s.resolve("s1.png"), 32, 16, 3);
    png(s.resolve("s2.png"), 64, 32, 4);
    png(s.resolve("s3.png"), 32, 16, 5);
    Path out = tmp.resolve("out");
    int rc = IssaMain.commandLine().execute("mix", "--content", c.toString(), "--style", s.toString(),
        "--codec", FIXTURE.toString(), "--out", out.toString(), "--batch", "2");
    assertEquals(0, rc);
    for (String ci : new String[] {"c1", "c2"}) {
      for (String si : new String[] {"s1", "s2", "s3"}) {
        assertTrue(Files.exists(out.resolve(ci + "__" + si + ".png")), ci + "__" + si);
      }
    }
    RgbImage grid = Images.decode(out.resolve("grid.png"), ImageLimits.DEFAULT);
    assertEquals(4 * 32, grid.width());
    assertEquals(3 * 16, grid.height());
    RgbImage pair = Images.decode(out.resolve("c2__s3.png"), ImageLimits.DEFAULT);
    assertEquals(pair.get(5, 7, 1), grid.get(3 * 32 + 5, 2 * 16 + 7, 1), "grid tile (c2, s3) is the pair image");
  }

  @Test
  void missingCodecIsAClearErrorNotACrash(@TempDir Path tmp) throws Exception {
    png(tmp.resolve("a.png"), 32, 16, 1);
    int rc = IssaMain.commandLine().execute("invert", tmp.resolve("a.png").toString(), "--codec", tmp.resolve("nope").toString(),
        "--out", tmp.resolve("o").toString());
    assertTrue(rc != 0);
  }
}
