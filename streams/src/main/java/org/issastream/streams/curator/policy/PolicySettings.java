package org.issastream.streams.curator.policy;

/**
 * The admission rules that apply inside one bucket.
 *
 * @param maxSimilarity a candidate whose cosine similarity to any entry of its bucket exceeds this
 *     is rejected as not novel; 1.0 disables the check
 * @param replacement which entry a full bucket replaces
 * @param ageBasis timestamp the age of an entry is measured from
 * @param ttlMs entries older than this are evicted; {@code Long.MAX_VALUE} disables TTL
 */
public record PolicySettings(
    double maxSimilarity, ReplacementPolicy replacement, AgeBasis ageBasis, long ttlMs) {

  public PolicySettings {
    if (!(maxSimilarity >= -1.0 && maxSimilarity <= 1.0)) {
      throw new IllegalArgumentException("maxSimilarity must be in [-1,1]: " + maxSimilarity);
    }
    if (ttlMs <= 0) {
      throw new IllegalArgumentException("ttlMs must be positive: " + ttlMs);
    }
  }
}
