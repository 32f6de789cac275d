package org.issastream.streams.curator.policy;

import java.util.Locale;

/** Which entry a full bucket gives up for a new, novel code. */
public enum ReplacementPolicy {
  /** The entry with the earliest age-basis time (see {@link AgeBasis}). */
  OLDEST,
  /**
   * The most redundant entry: the one whose highest cosine similarity to any other entry of the
   * bucket (the candidate included) is largest. Keeps the bucket spread out in style space.
   */
  LEAST_NOVEL;

  /** Config spelling: {@code oldest}, {@code least-novel}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ReplacementPolicy fromConfig(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
