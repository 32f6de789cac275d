package org.issastream.synthdrive;

import java.util.Locale;

/**
 * A "city": the regional look of road, facades, vegetation and terrain. A place changes
 * appearance only, never layout or labels.
 */
public enum Place {
  /** North-European brick town: red and brown brick, dark asphalt, grey pavers, deep green. */
  BRICKFORD("brickford", "Brickford"),
  /** Mediterranean town: cream, ochre and terracotta stucco, pale road, olive trees, dry verges. */
  SOLMARA("solmara", "Solmara"),
  /** Modern grid city: concrete and blue glass, black asphalt with yellow centre lines, lawns. */
  GLASSPORT("glassport", "Glassport"),
  /** Alpine old town: pastel facades, grey cobbled road, red sandstone sidewalks, dark firs. */
  ALTBERG("altberg", "Altberg");

  private final String id;
  private final String displayName;

  Place(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /** Lower-case id used in folder names (the Cityscapes "city"), manifests and the command line. */
  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** The place with this id (case-insensitive; the enum name is accepted too). */
  public static Place fromId(String id) {
    String k = id.trim().toLowerCase(Locale.ROOT);
    for (Place p : values()) {
      if (p.id.equals(k)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown place '" + id + "'; known: " + ids());
  }

  /** All ids, comma-separated. */
  public static String ids() {
    StringBuilder sb = new StringBuilder();
    for (Place p : values()) {
      sb.append(sb.length() == 0 ? "" : ",").append(p.id);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return id;
  }
}
