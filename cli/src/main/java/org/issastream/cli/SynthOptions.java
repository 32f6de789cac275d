package org.issastream.cli;

import java.util.ArrayList;
import java.util.List;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;

/** Parsing helpers shared by the SynthDrive commands. */
final class SynthOptions {
  private SynthOptions() {}

  /** Comma-separated condition ids, or "all". */
  static List<Condition> conditions(String s) {
    if (s == null || s.isBlank() || s.trim().equalsIgnoreCase("all")) {
      return List.of(Condition.values());
    }
    List<Condition> out = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) {
        out.add(Condition.fromId(part));
      }
    }
    return out;
  }

  /** Comma-separated place ids, or "all". */
  static List<Place> places(String s) {
    if (s == null || s.isBlank() || s.trim().equalsIgnoreCase("all")) {
      return List.of(Place.values());
    }
    List<Place> out = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) {
        out.add(Place.fromId(part));
      }
    }
    return out;
  }

  /** "HxW" (height x width, as in 64x128), returned as {height, width}. */
  static int[] size(String s) {
    String[] p = s.toLowerCase().split("x");
    if (p.length != 2) {
      throw new IllegalArgumentException("size must be HEIGHTxWIDTH, e.g. 64x128: " + s);
    }
    int h = Integer.parseInt(p[0].trim());
    int w = Integer.parseInt(p[1].trim());
    if (h < 32 || w < 32 || h > 1024 || w > 4096) {
      throw new IllegalArgumentException("size out of range (32..1024 high): " + s);
    }
    return new int[] {h, w};
  }
}
