package org.issastream.streams.curator.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of one bucket and the admission decision for it. Pure and single-threaded: the Kafka
 * Streams processor keeps one per bucket of its task (rebuilt from the state store on start) and
 * the simulator drives the same class directly.
 *
 * <p>Pairwise similarities of the members are cached, so admission costs one pass of O(quota x
 * dim) for the candidate plus O(quota^2) for the least-novel choice.
 */
public final class BucketPool {

  private final String bucket;
  private final Member[] slots;
  private final double[][] sim; // sim[i][j] between occupied slots i and j
  private int size;

  public BucketPool(String bucket, int quota) {
    if (quota < 0) {
      throw new IllegalArgumentException("quota < 0");
    }
    this.bucket = bucket;
    this.slots = new Member[quota];
    this.sim = new double[quota][quota];
  }

  public String bucket() {
    return bucket;
  }

  public int quota() {
    return slots.length;
  }

  public int size() {
    return size;
  }

  /** The member in a slot, or null. */
  public Member get(int slot) {
    return slots[slot];
  }

  /** Slot index of an admitted image id, or -1. */
  public int slotOf(String imageId) {
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null && slots[i].imageId().equals(imageId)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Decides about a candidate without changing the pool; apply an {@link Decision.Admit} with
   * {@link #put}.
   *
   * @param imageId candidate image id
   * @param unit candidate unit vector, same length as the members'
   * @param captureTimeMs candidate capture time
   * @param nowMs current (wall-clock) time
   */
  public Decision offer(
      String imageId, float[] unit, long captureTimeMs, long nowMs, PolicySettings s) {
    if (slots.length == 0) {
      return new Decision.Reject(RejectReason.NO_QUOTA, "bucket " + bucket + " has no slots");
    }
    if (slotOf(imageId) >= 0) {
      return new Decision.Reject(RejectReason.DUPLICATE, imageId + " already in " + bucket);
    }
    if (s.ageBasis() == AgeBasis.CAPTURE && nowMs - captureTimeMs > s.ttlMs()) {
      return new Decision.Reject(
          RejectReason.EXPIRED, "captured " + (nowMs - captureTimeMs) + " ms ago > ttl " + s.ttlMs());
    }
    double[] candSim = new double[slots.length];
    double maxSim = Double.NEGATIVE_INFINITY;
    int nearest = -1;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null) {
        candSim[i] = StyleVectors.cosine(unit, slots[i].unit());
        if (candSim[i] > maxSim) {
          maxSim = candSim[i];
          nearest = i;
        }
      }
    }
    double novelty = nearest < 0 ? 1.0 : 1.0 - maxSim;
    if (nearest >= 0 && maxSim > s.maxSimilarity()) {
      return new Decision.Reject(
          RejectReason.NOT_NOVEL,
          String.format(
              java.util.Locale.ROOT,
              "cosine %.4f to %s > %.4f",
              maxSim,
              slots[nearest].imageId(),
              s.maxSimilarity()));
    }
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == null) {
        return new Decision.Admit(i, novelty, null);
      }
    }
    int victim =
        s.replacement() == ReplacementPolicy.OLDEST ? oldest(s.ageBasis()) : mostRedundant(candSim, s);
    return new Decision.Admit(victim, novelty, slots[victim]);
  }

  private int oldest(AgeBasis basis) {
    int best = -1;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null
          && (best < 0 || slots[i].basisTime(basis) < slots[best].basisTime(basis))) {
        best = i;
      }
    }
    return best;
  }

  // The entry with the highest similarity to its nearest neighbour (the candidate counts as a
  // neighbour). Ties go to the older entry, so among equals the pool still rolls forward.
  private int mostRedundant(double[] candSim, PolicySettings s) {
    int best = -1;
    double bestRed = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == null) {
        continue;
      }
      double red = candSim[i];
      for (int j = 0; j < slots.length; j++) {
        if (j != i && slots[j] != null && sim[i][j] > red) {
          red = sim[i][j];
        }
      }
      if (best < 0
          || red > bestRed + 1e-12
          || (Math.abs(red - bestRed) <= 1e-12
              && slots[i].basisTime(s.ageBasis()) < slots[best].basisTime(s.ageBasis()))) {
        best = i;
        bestRed = red;
      }
    }
    return best;
  }

  /** Places a member in a slot, replacing whatever was there. */
  public void put(int slot, Member m) {
    if (slots[slot] == null) {
      size++;
    }
    slots[slot] = m;
    for (int j = 0; j < slots.length; j++) {
      if (j != slot && slots[j] != null) {
        double c = StyleVectors.cosine(m.unit(), slots[j].unit());
        sim[slot][j] = c;
        sim[j][slot] = c;
      }
    }
  }

  /** Empties a slot; returns what it held (or null). */
  public Member remove(int slot) {
    Member m = slots[slot];
    if (m != null) {
      slots[slot] = null;
      size--;
    }
    return m;
  }

  /** Slots whose entry is older than the TTL at {@code nowMs}. */
  public List<Integer> expired(long nowMs, PolicySettings s) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null && nowMs - slots[i].basisTime(s.ageBasis()) > s.ttlMs()) {
        out.add(i);
      }
    }
    return out;
  }

  /** Sum of the members' ages at {@code nowMs}, for the mean-age metric. */
  public long totalAgeMs(long nowMs, AgeBasis basis) {
    long sum = 0;
    for (Member m : slots) {
      if (m != null) {
        sum += Math.max(0, nowMs - m.basisTime(basis));
      }
    }
    return sum;
  }
}
