package org.issastream.streams.curator.policy;

/** Outcome of offering a candidate code to a bucket. */
public sealed interface Decision {

  /**
   * Admit into {@code slot}. {@code replaced} is the entry that slot held (the bucket was full), or
   * null when the slot was free.
   */
  record Admit(int slot, double novelty, Member replaced) implements Decision {}

  /** Do not admit; {@code detail} is a human-readable explanation for logs and headers. */
  record Reject(RejectReason reason, String detail) implements Decision {}
}
