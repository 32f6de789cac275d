package org.issastream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.issastream.codec.StyleCodes;
import org.issastream.schemas.ConditionIds;
import org.issastream.schemas.Origin;
import org.junit.jupiter.api.Test;

class StyleSamplerTest {

  private static StyleSampler.Candidate cand(String id, String condition) {
    return new StyleSampler.Candidate("pool/" + condition + "/" + id, id, condition,
        StyleCodes.of(2, 2, new float[] {1, 2, 3, 4}), ConditionIds.tags(condition, null), Origin.FLEET);
  }

  private static List<StyleSampler.Candidate> pool() {
    List<StyleSampler.Candidate> p = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      p.add(cand("clear-" + i, "clear"));
    }
    p.add(cand("night-0", "night"));
    return p;
  }

  @Test
  void drawsAreDeterministicAndIndependentOfCandidateOrder() {
    StyleSampler s = new StyleSampler(StyleSampler.Policy.UNIFORM, 7);
    List<StyleSampler.Candidate> a = pool();
    List<StyleSampler.Candidate> b = pool();
    Collections.reverse(b);
    for (int k = 0; k < 20; k++) {
      assertEquals(s.draw("img", ConditionIds.tags("clear", null), k, a).styleId(),
          s.draw("img", ConditionIds.tags("clear", null), k, b).styleId());
    }
  }

  @Test
  void neverPicksTheContentsOwnCodeWhenOthersExistAndNullWhenEmpty() {
    StyleSampler s = new StyleSampler(StyleSampler.Policy.UNIFORM, 1);
    List<StyleSampler.Candidate> p = List.of(cand("self", "clear"), cand("other", "fog"));
    for (int k = 0; k < 50; k++) {
      assertEquals("other", s.draw("self", null, k, p).styleId());
    }
    assertNull(s.draw("x", null, 0, List.of()));
  }

  @Test
  void conditionBalancedEvensOutBucketsUniformFollowsTheirSizes() {
    Map<String, Integer> uniform = counts(new StyleSampler(StyleSampler.Policy.UNIFORM, 3));
    Map<String, Integer> balanced = counts(new StyleSampler(StyleSampler.Policy.CONDITION_BALANCED, 3));
    // 1 of 10 entries is night: uniform ~10 %, balanced ~50 %
    assertTrue(uniform.getOrDefault("night", 0) < 200, uniform.toString());
    assertTrue(balanced.get("night") > 400 && balanced.get("night") < 600, balanced.toString());
  }

  @Test
  void otherConditionNeverReturnsTheContentsCondition() {
    StyleSampler s = new StyleSampler(StyleSampler.Policy.OTHER_CONDITION, 5);
    for (int k = 0; k < 100; k++) {
      assertEquals("night", s.draw("img-" + k, ConditionIds.tags("clear", null), k, pool()).bucket());
    }
  }

  @Test
  void onePerBucketCoversEveryBucketOnce() {
    StyleSampler s = new StyleSampler(StyleSampler.Policy.UNIFORM, 5);
    Map<String, StyleSampler.Candidate> m = s.onePerBucket("img", pool());
    assertEquals(List.of("clear", "night"), new ArrayList<>(m.keySet()));
    assertNotEquals(m.get("clear").styleId(), m.get("night").styleId());
  }

  private static Map<String, Integer> counts(StyleSampler s) {
    Map<String, Integer> c = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      c.merge(s.draw("content-" + i, null, 0, pool()).bucket(), 1, Integer::sum);
    }
    return c;
  }
}
