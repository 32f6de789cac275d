package org.issastream.streams.curator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class BucketPoolTest {

  private static final long HOUR = 3_600_000L;
  private static final PolicySettings OLDEST =
      new PolicySettings(0.9, ReplacementPolicy.OLDEST, AgeBasis.CAPTURE, 24 * HOUR);
  private static final PolicySettings LEAST_NOVEL =
      new PolicySettings(0.9, ReplacementPolicy.LEAST_NOVEL, AgeBasis.CAPTURE, 24 * HOUR);

  /** Unit vector at angle a (radians) in the plane of axes 0 and 1, in 3 dimensions. */
  private static float[] angle(double a) {
    return new float[] {(float) Math.cos(a), (float) Math.sin(a), 0f};
  }

  private static Decision.Admit admit(BucketPool p, String id, float[] v, long capture, long now,
      PolicySettings s) {
    Decision d = p.offer(id, v, capture, now, s);
    Decision.Admit a = assertInstanceOf(Decision.Admit.class, d, d.toString());
    p.put(a.slot(), new Member(id, v, capture, now, a.novelty()));
    return a;
  }

  private static RejectReason rejected(Decision d) {
    return assertInstanceOf(Decision.Reject.class, d, d.toString()).reason();
  }

  @Test
  void firstEntryHasFullNoveltyAndFillsSlotZero() {
    BucketPool p = new BucketPool("clear", 3);
    Decision.Admit a = admit(p, "a", angle(0), 0, 0, OLDEST);
    assertEquals(0, a.slot());
    assertEquals(1.0, a.novelty(), 1e-12);
    assertNull(a.replaced());
    assertEquals(1, p.size());
  }

  @Test
  void noveltyIsOneMinusNearestCosineAndThresholdRejects() {
    BucketPool p = new BucketPool("clear", 3);
    admit(p, "a", angle(0), 0, 0, OLDEST);
    // cos(0.5) = 0.8776 <= 0.9: admitted, novelty 1 - 0.8776
    Decision.Admit b = admit(p, "b", angle(0.5), 0, 0, OLDEST);
    assertEquals(1 - Math.cos(0.5), b.novelty(), 1e-6);
    assertEquals(1, b.slot());
    // cos(0.3) to a = 0.955 > 0.9: not novel
    assertEquals(RejectReason.NOT_NOVEL, rejected(p.offer("c", angle(-0.3), 0, 0, OLDEST)));
    assertEquals(2, p.size());
  }

  @Test
  void duplicateImageIdIsRejected() {
    BucketPool p = new BucketPool("clear", 3);
    admit(p, "a", angle(0), 0, 0, OLDEST);
    assertEquals(RejectReason.DUPLICATE, rejected(p.offer("a", angle(1.5), 0, 0, OLDEST)));
  }

  @Test
  void codeOlderThanTtlOnArrivalIsRejectedOnlyForCaptureBasis() {
    BucketPool p = new BucketPool("clear", 3);
    long now = 100 * HOUR;
    assertEquals(RejectReason.EXPIRED, rejected(p.offer("a", angle(0), now - 25 * HOUR, now, OLDEST)));
    PolicySettings admission =
        new PolicySettings(0.9, ReplacementPolicy.OLDEST, AgeBasis.ADMISSION, 24 * HOUR);
    assertInstanceOf(Decision.Admit.class, p.offer("a", angle(0), now - 25 * HOUR, now, admission));
  }

  @Test
  void zeroQuotaRejects() {
    assertEquals(RejectReason.NO_QUOTA, rejected(new BucketPool("x", 0).offer("a", angle(0), 0, 0, OLDEST)));
  }

  @Test
  void fullBucketReplacesOldestByCaptureTime() {
    BucketPool p = new BucketPool("clear", 3);
    admit(p, "a", angle(0.0), 5 * HOUR, 10 * HOUR, OLDEST);
    admit(p, "b", angle(1.0), 2 * HOUR, 10 * HOUR, OLDEST); // oldest capture
    admit(p, "c", angle(2.0), 7 * HOUR, 10 * HOUR, OLDEST);
    Decision.Admit d = admit(p, "d", angle(3.0), 9 * HOUR, 11 * HOUR, OLDEST);
    assertEquals(1, d.slot());
    assertEquals("b", d.replaced().imageId());
    assertEquals("d", p.get(1).imageId());
    assertEquals(3, p.size());
  }

  @Test
  void fullBucketReplacesMostRedundantUnderLeastNovel() {
    BucketPool p = new BucketPool("clear", 3);
    admit(p, "a", angle(0.0), 1 * HOUR, 10 * HOUR, LEAST_NOVEL); // oldest
    admit(p, "b", angle(2.0), 2 * HOUR, 10 * HOUR, LEAST_NOVEL);
    admit(p, "c", angle(2.5), 3 * HOUR, 10 * HOUR, LEAST_NOVEL); // b, c close: cos 0.5 = 0.88
    // candidate far from everything; b and c are tied as most redundant -> the older, b, goes
    Decision.Admit d = admit(p, "d", angle(-1.5), 4 * HOUR, 10 * HOUR, LEAST_NOVEL);
    assertEquals("b", d.replaced().imageId());
    assertEquals(1, d.slot());
    assertEquals("a", p.get(0).imageId());
  }

  @Test
  void leastNovelCountsTheCandidateAsNeighbour() {
    BucketPool p = new BucketPool("clear", 3);
    admit(p, "a", angle(0.0), 1 * HOUR, 10 * HOUR, LEAST_NOVEL);
    admit(p, "b", angle(2.0), 2 * HOUR, 10 * HOUR, LEAST_NOVEL);
    admit(p, "c", angle(4.0), 3 * HOUR, 10 * HOUR, LEAST_NOVEL);
    // the candidate sits 0.5 rad from c (cos 0.88 < threshold): c becomes the most redundant
    Decision.Admit d = admit(p, "d", angle(4.5), 4 * HOUR, 10 * HOUR, LEAST_NOVEL);
    assertEquals("c", d.replaced().imageId());
  }

  @Test
  void expiredListsEntriesOlderThanTtlAndRemoveFreesTheSlot() {
    BucketPool p = new BucketPool("clear", 3);
    admit(p, "a", angle(0), 0, 0, OLDEST);
    admit(p, "b", angle(1.5), 20 * HOUR, 20 * HOUR, OLDEST);
    assertEquals(List.of(), p.expired(24 * HOUR, OLDEST));
    assertEquals(List.of(0), p.expired(24 * HOUR + 1, OLDEST));
    Member gone = p.get(0);
    assertSame(gone, p.remove(0));
    assertEquals(1, p.size());
    Decision.Admit c = admit(p, "c", angle(0), 24 * HOUR, 24 * HOUR, OLDEST);
    assertEquals(0, c.slot());
    assertEquals(4 * HOUR, p.totalAgeMs(24 * HOUR, AgeBasis.CAPTURE));
  }
}
