package org.issastream.synthdrive.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.issastream.synthdrive.Condition;

/**
 * Lists the samples of a dataset on disk: Cityscapes, ACDC or a plain image folder (detected, see
 * {@link DatasetLayout#detect}). Conditions and places come from the layout where it has them
 * (ACDC condition folders, Cityscapes city folders) and otherwise from {@code manifest.json}.
 * Order is deterministic (sorted by relative path). Files are not opened here.
 */
public final class DatasetReader {
  private DatasetReader() {}

  /** A listed dataset. */
  public record Dataset(Path root, DatasetLayout layout, Manifest manifest, List<Sample> samples) {}

  public static Dataset read(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("not a directory: " + root);
    }
    DatasetLayout layout = DatasetLayout.detect(root);
    Manifest manifest = Manifest.read(root);
    Map<String, Manifest.Entry> byName = new HashMap<>();
    if (manifest != null && manifest.images() != null) {
      for (Manifest.Entry e : manifest.images()) {
        byName.put(e.name(), e);
      }
    }
    List<Sample> out = new ArrayList<>();
    switch (layout) {
      case CITYSCAPES -> cityscapes(root, byName, out);
      case ACDC -> acdc(root, byName, out);
      default -> plain(root, byName, out);
    }
    return new Dataset(root, layout, manifest, List.copyOf(out));
  }

  private static List<Path> images(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> isImageName(p.getFileName().toString())).sorted().toList();
    }
  }

  static boolean isImageName(String n) {
    String l = n.toLowerCase(Locale.ROOT);
    return l.endsWith(".png") || l.endsWith(".jpg") || l.endsWith(".jpeg");
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot < 0 ? file : file.substring(0, dot);
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private static Condition condition(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Condition.fromId(s);
    } catch (IllegalArgumentException e) {
      return null; // not a SynthDrive condition (e.g. a dataset-specific folder): unknown
    }
  }

  private static void cityscapes(Path root, Map<String, Manifest.Entry> byName, List<Sample> out) throws IOException {
    Path base = root.resolve("leftImg8bit");
    for (Path img : images(base)) {
      Path rel = base.relativize(img);
      if (rel.getNameCount() < 3) {
        continue;
      }
      String split = rel.getName(0).toString();
      String city = rel.getName(1).toString();
      String name = stem(img.getFileName().toString());
      if (name.endsWith("_leftImg8bit")) {
        name = name.substring(0, name.length() - "_leftImg8bit".length());
      }
      Path label = root.resolve("gtFine").resolve(split).resolve(city).resolve(name + "_gtFine_labelTrainIds.png");
      Manifest.Entry e = byName.get(name);
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("path", rel(root, img));
      if (e != null && e.seed() != null) {
        attrs.put("seed", Long.toString(e.seed()));
      }
      out.add(new Sample(name, img, Files.isRegularFile(label) ? label : null, split,
          condition(e != null ? e.condition() : null), e != null && e.place() != null ? e.place() : city, attrs));
    }
  }

  private static void acdc(Path root, Map<String, Manifest.Entry> byName, List<Sample> out) throws IOException {
    Path base = root.resolve("rgb_anon");
    for (Path img : images(base)) {
      Path rel = base.relativize(img);
      if (rel.getNameCount() < 3) {
        continue;
      }
      String cond = rel.getName(0).toString();
      String split = rel.getName(1).toString();
      String name = stem(img.getFileName().toString());
      if (name.endsWith("_rgb_anon")) {
        name = name.substring(0, name.length() - "_rgb_anon".length());
      }
      Path labelDir = root.resolve("gt").resolve(base.relativize(img.getParent()));
      Path label = labelDir.resolve(name + "_gt_labelTrainIds.png");
      Manifest.Entry e = byName.get(name);
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("path", rel(root, img));
      if (rel.getNameCount() > 3) {
        attrs.put("sequence", rel.getName(2).toString());
      }
      if (e != null && e.seed() != null) {
        attrs.put("seed", Long.toString(e.seed()));
      }
      Condition c = condition(cond);
      if (c == null && e != null) {
        c = condition(e.condition());
      }
      out.add(new Sample(name, img, Files.isRegularFile(label) ? label : null, split, c,
          e != null ? e.place() : null, attrs));
    }
  }

  private static void plain(Path root, Map<String, Manifest.Entry> byName, List<Sample> out) throws IOException {
    for (Path img : images(root)) {
      String file = img.getFileName().toString();
      if (file.contains("_labelTrainIds") || file.contains("_gtFine_") || file.contains("_labelColor")) {
        continue;
      }
      String relPath = rel(root, img);
      String name = stem(relPath).replace('/', '_');
      Manifest.Entry e = byName.get(stem(file));
      if (e == null) {
        e = byName.get(name);
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("path", relPath);
      out.add(new Sample(name, img, null, e != null ? e.split() : null, condition(e != null ? e.condition() : null),
          e != null ? e.place() : null, attrs));
    }
  }
}
