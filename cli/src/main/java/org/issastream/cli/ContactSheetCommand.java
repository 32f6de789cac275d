package org.issastream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.issastream.synthdrive.ContactSheet;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa contact-sheet}: one layout under every condition (columns) and place (rows), with its label. */
@Command(name = "contact-sheet", mixinStandardHelpOptions = true,
    description = "Write a PNG grid of one SynthDrive layout: label first, then every condition (columns) x place (rows).")
public final class ContactSheetCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Output PNG file.")
  Path out;

  @Option(names = "--seed", defaultValue = "7", description = "Layout seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--width", defaultValue = "256", description = "Rendered cell width, height is half (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--scale", defaultValue = "1", description = "Integer nearest-neighbour zoom per cell (default ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--conditions", defaultValue = "all", description = "Comma-separated conditions, or all.")
  String conditions;

  @Option(names = "--places", defaultValue = "all", description = "Comma-separated places, or all.")
  String places;

  @Override
  public Integer call() throws Exception {
    RgbImage sheet = ContactSheet.build(seed, SynthOptions.conditions(conditions), SynthOptions.places(places), width,
        scale);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(out, Images.encodePng(sheet));
    System.out.printf("wrote %s (%dx%d)%n", out, sheet.width(), sheet.height());
    return 0;
  }
}
