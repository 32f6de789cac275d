package org.issastream.streams.curator.policy;

/**
 * One occupied slot as the admission logic sees it.
 *
 * @param imageId source image id
 * @param unit the L2-normalised code vector (never modified after construction)
 * @param captureTimeMs capture time of the source image
 * @param admittedTimeMs when the curator admitted it
 * @param novelty 1 - max cosine similarity to the bucket at admission
 */
public record Member(
    String imageId, float[] unit, long captureTimeMs, long admittedTimeMs, double novelty) {

  /** The timestamp this entry's age is measured from. */
  public long basisTime(AgeBasis basis) {
    return basis == AgeBasis.CAPTURE ? captureTimeMs : admittedTimeMs;
  }
}
