package org.issastream.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.issastream.synthdrive.Condition;
import org.junit.jupiter.api.Test;

class EvalPairsTest {

  @Test
  void balancedOverStyleAndOrderedConditionPairsWithDistinctSeeds() {
    EvalPairs pairs = new EvalPairs(9_000_000L);
    Map<String, Integer> ordered = new HashMap<>();
    int[] perStyle = new int[Condition.values().length];
    Set<Long> seeds = new HashSet<>();
    for (int i = 0; i < 42; i++) {
      EvalPairs.Pair p = pairs.pair(i);
      assertNotEquals(p.contentCondition(), p.styleCondition());
      perStyle[p.styleCondition().ordinal()]++;
      ordered.merge(p.contentCondition() + ">" + p.styleCondition(), 1, Integer::sum);
      seeds.add(p.contentSeed());
      seeds.add(p.styleSeed());
    }
    for (int c : perStyle) {
      assertEquals(6, c);
    }
    assertEquals(42, ordered.size(), "each ordered pair of different conditions exactly once");
    assertEquals(84, seeds.size());
    assertEquals(9_000_000L, pairs.pair(0).contentSeed());
    assertEquals(9_000_001L, pairs.pair(0).styleSeed());
  }
}
