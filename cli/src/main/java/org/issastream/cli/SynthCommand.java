package org.issastream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.dataset.DatasetLayout;
import org.issastream.synthdrive.dataset.Manifest;
import org.issastream.synthdrive.dataset.SynthDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa synth}: writes a labelled SynthDrive dataset. */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = {"Render a labelled SynthDrive dataset (Cityscapes or ACDC layout) with a manifest.json.",
        "Images are balanced over the chosen conditions and places; the output is a pure function of the options."})
public final class SynthCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Output dataset folder.")
  Path out;

  @Option(names = "--count", defaultValue = "70", description = "Number of images (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--conditions", defaultValue = "all",
      description = "Comma-separated conditions, or all (default). Known: clear,overcast,fog,rain,snow,dusk,night.")
  String conditions;

  @Option(names = "--places", defaultValue = "all",
      description = "Comma-separated places, or all (default). Known: brickford,solmara,glassport,altberg.")
  String places;

  @Option(names = "--seed", defaultValue = "1", description = "Base seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--size", defaultValue = "64x128", description = "HEIGHTxWIDTH (default ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--val-fraction", defaultValue = "0.2", description = "Share of images in val (default ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(names = "--layout", defaultValue = "cityscapes", description = "cityscapes (default) or acdc.")
  String layout;

  @Option(names = "--no-color", description = "Do not write the *_gtFine_color.png label visualisations.")
  boolean noColor;

  @Option(names = "--threads", description = "Render threads (default: available processors).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    int[] hw = SynthOptions.size(size);
    int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    SynthDataset.Options o = new SynthDataset.Options(out, count, SynthOptions.conditions(conditions),
        SynthOptions.places(places), seed, hw[1], hw[0], valFraction, DatasetLayout.fromId(layout), !noColor, nThreads);
    ProgressBar bar = new ProgressBar(System.err, "synth", count);
    long t0 = System.nanoTime();
    Manifest m = SynthDataset.generate(o, bar::update);
    bar.finish();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("wrote %d images (%dx%d, %s layout) to %s in %.1f s (%.1f images/s)%n", m.count(), hw[1], hw[0],
        o.layout().id(), out, s, m.count() / s);
    System.out.println("per condition: " + m.counts().get("condition"));
    System.out.println("per place:     " + m.counts().get("place"));
    System.out.println("per split:     " + m.counts().get("split"));
    return 0;
  }

  static String known() {
    return Condition.ids() + " / " + Place.ids();
  }
}
