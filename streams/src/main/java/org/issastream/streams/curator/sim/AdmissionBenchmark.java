package org.issastream.streams.curator.sim;

import java.util.Random;
import org.issastream.streams.curator.policy.AgeBasis;
import org.issastream.streams.curator.policy.BucketPool;
import org.issastream.streams.curator.policy.Decision;
import org.issastream.streams.curator.policy.Member;
import org.issastream.streams.curator.policy.PolicySettings;
import org.issastream.streams.curator.policy.ReplacementPolicy;

/**
 * Cost of one admission decision into a full bucket (the common case in a running pool): decode is
 * excluded, the novelty scan over the bucket and the victim choice are included. Random codes are
 * all novel, so every offer takes the replacement path.
 */
public final class AdmissionBenchmark {

  /** Results: offers per second and mean microseconds per offer. */
  public record Result(int dim, int quota, ReplacementPolicy policy, int offers, double offersPerSecond,
      double microsPerOffer) {}

  private AdmissionBenchmark() {}

  public static Result run(int dim, int quota, ReplacementPolicy policy, int offers, long seed) {
    Random rnd = new Random(seed);
    PolicySettings s = new PolicySettings(0.95, policy, AgeBasis.ADMISSION, Long.MAX_VALUE / 4);
    int pregen = Math.min(offers, 4096);
    float[][] codes = new float[pregen][];
    for (int i = 0; i < pregen; i++) {
      codes[i] = unit(rnd, dim);
    }
    BucketPool pool = new BucketPool("bench", quota);
    // fill, then warm up the JIT on the replacement path
    for (int i = 0; i < quota + 2000; i++) {
      offerAndPut(pool, "w" + i, codes[i % pregen], i, s);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < offers; i++) {
      offerAndPut(pool, "m" + i, codes[i % pregen], 10_000 + i, s);
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    return new Result(dim, quota, policy, offers, offers / sec, sec * 1e6 / offers);
  }

  private static void offerAndPut(BucketPool pool, String id, float[] v, long now, PolicySettings s) {
    Decision d = pool.offer(id, v, now, now, s);
    if (d instanceof Decision.Admit a) {
      pool.put(a.slot(), new Member(id, v, now, now, a.novelty()));
    }
  }

  private static float[] unit(Random rnd, int dim) {
    float[] v = new float[dim];
    double sq = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) rnd.nextGaussian();
      sq += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(sq));
    for (int i = 0; i < dim; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
