package org.issastream.streams.curator.policy;

/**
 * Why the curator did not admit a style code. The first three mean the record itself is unusable
 * for this pool and go to the dead-letter topic; the others are normal curation outcomes that are
 * only counted.
 */
public enum RejectReason {
  /** The codes come from a different codec id than the pool is configured for. */
  CODEC_MISMATCH("codec-mismatch", true),
  /** numStyles x styleDim differ from the configured L x D. */
  SHAPE_MISMATCH("shape-mismatch", true),
  /** Byte length does not match L x D x element size, or a value is NaN/infinite, or all zero. */
  INVALID_CODES("invalid-codes", true),
  /** An image with this id was already admitted (within the dedup retention). */
  DUPLICATE("duplicate", false),
  /** Cosine similarity to an entry of the same bucket exceeds the novelty threshold. */
  NOT_NOVEL("not-novel", false),
  /** Older than the TTL already on arrival. */
  EXPIRED("expired", false),
  /** The code's bucket has a quota of zero slots. */
  NO_QUOTA("no-quota", false);

  private final String label;
  private final boolean deadLetter;

  RejectReason(String label, boolean deadLetter) {
    this.label = label;
    this.deadLetter = deadLetter;
  }

  /** Stable lower-case name used in metrics tags, headers and logs. */
  public String label() {
    return label;
  }

  /** Whether a record rejected for this reason is sent to the dead-letter topic. */
  public boolean deadLetter() {
    return deadLetter;
  }
}
