package org.issastream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.issastream.synthdrive.dataset.DatasetLayout;
import org.issastream.synthdrive.dataset.DatasetReader;
import org.issastream.synthdrive.dataset.Sample;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code issa demo --duration ... --out DIR} as a user runs it (in-process, all ports free-chosen):
 * the whole pipeline produces a Cityscapes-layout dataset that the dataset reader accepts, with a
 * provenance file per sample.
 */
class DemoIT {

  @Test
  void demoWritesADatasetTheLayoutReaderAccepts(@TempDir Path tmp) throws Exception {
    Path codec = Path.of("..", "model-server", "src", "test", "resources", "fixtures", "tiny-codec").toAbsolutePath();
    Path out = tmp.resolve("augmented");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int rc;
    try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(ps);
      rc = IssaMain.commandLine().execute("demo", "--codec", codec.toString(), "--duration", "45s", "--out",
          out.toString(), "--rate", "20", "--images", "400", "--variants", "2", "--port", "0", "--registry-port", "0",
          "--metrics-port", "0", "--curator-port", "0", "--status-interval", "5s");
    } finally {
      System.setOut(old);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    System.out.println(log);
    assertEquals(0, rc, log);
    assertTrue(log.contains("issa demo: broker localhost:"), log);

    DatasetReader.Dataset ds = DatasetReader.read(out);
    assertEquals(DatasetLayout.CITYSCAPES, ds.layout());
    assertTrue(ds.samples().size() >= 4, "samples written: " + ds.samples().size());
    for (Sample s : ds.samples()) {
      var img = Images.decode(s.image(), ImageLimits.DEFAULT);
      var label = Images.decodeLabel(s.label(), ImageLimits.DEFAULT);
      assertEquals(img.width(), label.width());
      assertEquals(img.height(), label.height());
    }
    try (Stream<Path> prov = Files.walk(out.resolve("provenance"))) {
      long n = prov.filter(p -> p.toString().endsWith(".json")).count();
      assertTrue(n >= ds.samples().size(), "a provenance file per sample: " + n + " for " + ds.samples().size());
    }
  }
}
