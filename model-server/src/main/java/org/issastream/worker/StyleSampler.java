package org.issastream.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.issastream.codec.StyleCodes;
import org.issastream.schemas.ConditionIds;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.Origin;

/**
 * Draws exemplar styles for content images. Deterministic: the draw for (content id, variant) depends
 * only on the seed and the candidate set (sorted by key), never on arrival order or wall time.
 */
public final class StyleSampler {

  /** A style that can be mixed in: from the pool, or from the current batch as a fallback. */
  public record Candidate(String key, String styleId, String bucket, StyleCodes codes, ConditionTags conditions,
      Origin origin) {
    public String conditionId() {
      String c = ConditionIds.of(conditions);
      return c == null ? "unknown" : c;
    }
  }

  public enum Policy {
    UNIFORM("uniform"), CONDITION_BALANCED("condition-balanced"), OTHER_CONDITION("other-condition");

    private final String id;

    Policy(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Policy of(String id) {
      for (Policy p : values()) {
        if (p.id.equals(id)) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown style policy '" + id + "'");
    }
  }

  private final Policy policy;
  private final long seed;

  public StyleSampler(Policy policy, long seed) {
    this.policy = Objects.requireNonNull(policy);
    this.seed = seed;
  }

  public Policy policy() {
    return policy;
  }

  /**
   * One style for variant {@code variant} of {@code contentId}; never the content's own code unless it
   * is the only candidate. Returns null when there are no candidates at all.
   */
  public Candidate draw(String contentId, ConditionTags contentConditions, int variant, List<Candidate> candidates) {
    List<Candidate> pool = sorted(candidates);
    List<Candidate> others = pool.stream().filter(c -> !c.styleId().equals(contentId)).toList();
    if (!others.isEmpty()) {
      pool = others;
    }
    if (pool.isEmpty()) {
      return null;
    }
    SplittableRandom rng = rng(contentId, variant);
    switch (policy) {
      case UNIFORM:
        return pool.get(rng.nextInt(pool.size()));
      case CONDITION_BALANCED:
        return pickBalanced(pool, rng);
      case OTHER_CONDITION: {
        String own = ConditionIds.of(contentConditions);
        List<Candidate> different = pool.stream().filter(c -> !c.conditionId().equals(own == null ? "unknown" : own)).toList();
        return pickBalanced(different.isEmpty() ? pool : different, rng);
      }
      default:
        throw new IllegalStateException(policy.toString());
    }
  }

  /** One style per bucket (sorted by bucket name), for the stylized proxy validation set. */
  public Map<String, Candidate> onePerBucket(String contentId, List<Candidate> candidates) {
    Map<String, List<Candidate>> byBucket = new TreeMap<>();
    for (Candidate c : sorted(candidates)) {
      if (!c.styleId().equals(contentId)) {
        byBucket.computeIfAbsent(c.bucket(), b -> new ArrayList<>()).add(c);
      }
    }
    Map<String, Candidate> out = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, List<Candidate>> e : byBucket.entrySet()) {
      SplittableRandom rng = rng(contentId + "#proxy", i++);
      out.put(e.getKey(), e.getValue().get(rng.nextInt(e.getValue().size())));
    }
    return out;
  }

  private static Candidate pickBalanced(List<Candidate> pool, SplittableRandom rng) {
    Map<String, List<Candidate>> byBucket = new TreeMap<>();
    for (Candidate c : pool) {
      byBucket.computeIfAbsent(c.bucket(), b -> new ArrayList<>()).add(c);
    }
    List<List<Candidate>> buckets = new ArrayList<>(byBucket.values());
    List<Candidate> bucket = buckets.get(rng.nextInt(buckets.size()));
    return bucket.get(rng.nextInt(bucket.size()));
  }

  private static List<Candidate> sorted(List<Candidate> candidates) {
    List<Candidate> s = new ArrayList<>(candidates);
    s.sort(Comparator.comparing(Candidate::key));
    return s;
  }

  private SplittableRandom rng(String contentId, int variant) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < contentId.length(); i++) {
      h = (h ^ contentId.charAt(i)) * 0x100000001B3L;
    }
    return new SplittableRandom(h ^ (variant * 0xBF58476D1CE4E5B9L));
  }
}
