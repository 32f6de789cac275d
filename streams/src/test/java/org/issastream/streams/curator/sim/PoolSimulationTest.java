package org.issastream.streams.curator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.issastream.streams.curator.CuratorConfig;
import org.issastream.streams.curator.policy.AgeBasis;
import org.issastream.streams.curator.policy.PolicySettings;
import org.issastream.streams.curator.policy.QuotaPlan;
import org.issastream.streams.curator.policy.RejectReason;
import org.issastream.streams.curator.policy.ReplacementPolicy;
import org.junit.jupiter.api.Test;

class PoolSimulationTest {

  static PoolSimulation.Params params(long seed) {
    QuotaPlan plan = QuotaPlan.apportion(512,
        QuotaPlan.parseWeights(List.of(CuratorConfig.DEFAULT_QUOTAS.split(","))));
    return new PoolSimulation.Params(plan,
        new PolicySettings(0.95, ReplacementPolicy.OLDEST, AgeBasis.CAPTURE, 24 * 3_600_000L),
        7, 60, 4, 12, seed);
  }

  static String run(PoolSimulation.Params p, PoolSimulation.Result[] result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    result[0] = new PoolSimulation(p).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void firstSnowFillsTheSnowBucketWithoutFlushingTheOthersAndTtlDrainsWhatIsGone() {
    PoolSimulation.Result[] r = new PoolSimulation.Result[1];
    String table = run(params(7), r);
    System.out.println(table);
    PoolSimulation.Result res = r[0];
    assertTrue(res.maxPoolSize() <= 512);
    assertEquals(64, res.peakEntries().get("snow"), "the snow bucket fills during the snow days");
    assertEquals(64, res.peakEntries().get("clear"));
    assertTrue(res.rejections().getOrDefault(RejectReason.NOT_NOVEL, 0) > 0, "near-duplicate scenes rejected");
    assertTrue(res.expired() > 0, "TTL evicts");
    // fog stopped on day 3 and only came back at 5 % on day 5: its bucket never holds stale codes
    // beyond the TTL
    assertTrue(res.finalEntries().get("fog") < 64);
  }

  @Test
  void deterministicForASeed() {
    PoolSimulation.Result[] a = new PoolSimulation.Result[1];
    PoolSimulation.Result[] b = new PoolSimulation.Result[1];
    assertEquals(run(params(3), a), run(params(3), b));
    assertEquals(a[0], b[0]);
  }
}
