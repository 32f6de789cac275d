package org.issastream.trainer.judge;

import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;

/**
 * Held-out content/style pairs for codec evaluation. Pair i (from {@code firstSeed}, by project
 * convention 9_000_000+): the style condition is {@code i mod 7} (balanced over style
 * conditions); the content condition walks the 6 <em>other</em> conditions in turn
 * ({@code (s + 1 + (i / 7) mod 6) mod 7}), so every ordered pair of different conditions occurs
 * equally often in each block of 42 pairs. Content and style have distinct layout seeds
 * ({@code firstSeed + 2i} and {@code + 2i + 1}) and independent places.
 */
public record EvalPairs(long firstSeed) {

  /** One content/style pair. */
  public record Pair(int index, long contentSeed, Condition contentCondition, Place contentPlace,
      long styleSeed, Condition styleCondition, Place stylePlace) {}

  public Pair pair(int i) {
    Condition[] cs = Condition.values();
    Place[] ps = Place.values();
    int s = Math.floorMod(i, cs.length);
    int c = (s + 1 + Math.floorMod(i / cs.length, cs.length - 1)) % cs.length;
    return new Pair(i, firstSeed + 2L * i, cs[c], ps[Math.floorMod(i, ps.length)],
        firstSeed + 2L * i + 1, cs[s], ps[Math.floorMod(i / ps.length + 1, ps.length)]);
  }
}
