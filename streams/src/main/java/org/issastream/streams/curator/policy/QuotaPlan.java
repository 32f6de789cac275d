package org.issastream.streams.curator.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.Origin;
import org.issastream.schemas.TimeOfDay;

/**
 * How the pool's N slots are split into buckets, and which bucket a code belongs to.
 *
 * <p>Quotas are given as weights per bucket id; the capacity is apportioned by the largest
 * remainder method, so the slot counts always sum to exactly N. Bucket ids:
 *
 * <ul>
 *   <li>{@value #EXTERNAL}: every code of origin EXTERNAL, whatever its conditions;
 *   <li>a condition id: {@code clear}, {@code overcast}, {@code fog}, {@code rain}, {@code snow}
 *       (by day), {@code dusk}, {@code night} (clear weather), and {@code <weather>-dusk},
 *       {@code <weather>-night} for the other combinations;
 *   <li>{@code <condition>@<place>}: a place-specific bucket, used only when listed in the quotas;
 *   <li>{@value #UNKNOWN}: the catch-all for codes whose weather or time of day is unknown, and for
 *       conditions that have no bucket of their own.
 * </ul>
 *
 * <p>Routing order for fleet codes: {@code condition@place} if listed, else the condition, else
 * (for a dusk or night condition such as {@code rain-night}) the {@code dusk} / {@code night}
 * bucket, else {@value #UNKNOWN}.
 *
 * <ul>
 * </ul>
 */
public final class QuotaPlan {

  public static final String EXTERNAL = "external";
  public static final String UNKNOWN = "unknown";

  private static final Pattern BUCKET_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*(@[A-Za-z0-9._-]+)?");

  private final int capacity;
  private final Map<String, Integer> slots; // insertion order = config order

  private QuotaPlan(int capacity, Map<String, Integer> slots) {
    this.capacity = capacity;
    this.slots = Collections.unmodifiableMap(slots);
  }

  /**
   * Apportions {@code capacity} slots by weight.
   *
   * @param weights bucket id to non-negative weight, in config order (ties go to the earlier one)
   */
  public static QuotaPlan apportion(int capacity, Map<String, Double> weights) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    double total = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      if (!BUCKET_ID.matcher(e.getKey()).matches() || e.getKey().contains("/")) {
        throw new IllegalArgumentException("bad bucket id: '" + e.getKey() + "'");
      }
      double w = e.getValue();
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("bad weight for " + e.getKey() + ": " + w);
      }
      total += w;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("quota weights must sum to more than zero");
    }
    List<String> ids = new ArrayList<>(weights.keySet());
    int[] floor = new int[ids.size()];
    double[] rem = new double[ids.size()];
    int used = 0;
    for (int i = 0; i < ids.size(); i++) {
      double exact = capacity * weights.get(ids.get(i)) / total;
      floor[i] = (int) Math.floor(exact);
      rem[i] = exact - floor[i];
      used += floor[i];
    }
    for (int left = capacity - used; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < ids.size(); i++) {
        if (weights.get(ids.get(i)) > 0 && (best < 0 || rem[i] > rem[best] + 1e-12)) {
          best = i;
        }
      }
      floor[best]++;
      rem[best] = -1;
    }
    Map<String, Integer> slots = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      slots.put(ids.get(i), floor[i]);
    }
    return new QuotaPlan(capacity, slots);
  }

  /**
   * Parses {@code bucket:weight} items, e.g. {@code clear:1, snow:1, snow@oslo:0.5, unknown:0.5}.
   */
  public static Map<String, Double> parseWeights(List<String> items) {
    Map<String, Double> w = new LinkedHashMap<>();
    for (String item : items) {
      String s = item.trim();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || colon == s.length() - 1) {
        throw new IllegalArgumentException("expected bucket:weight, got '" + s + "'");
      }
      String id = s.substring(0, colon).trim();
      double weight;
      try {
        weight = Double.parseDouble(s.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad weight in '" + s + "'", e);
      }
      if (w.put(id, weight) != null) {
        throw new IllegalArgumentException("bucket listed twice: " + id);
      }
    }
    return w;
  }

  public int capacity() {
    return capacity;
  }

  /** Slots per bucket id, in config order; buckets with zero slots are included. */
  public Map<String, Integer> slots() {
    return slots;
  }

  /** Slot count of a bucket, 0 for a bucket the plan does not know. */
  public int quota(String bucket) {
    return slots.getOrDefault(bucket, 0);
  }

  /** The bucket a code of this origin and these conditions belongs to. */
  public String bucketFor(Origin origin, ConditionTags tags) {
    if (origin == Origin.EXTERNAL) {
      return EXTERNAL;
    }
    String condition = conditionId(tags);
    if (condition == null) {
      return UNKNOWN;
    }
    String place = tags.getPlace();
    if (place != null && !place.isBlank()) {
      String placed = condition + "@" + place;
      if (slots.containsKey(placed)) {
        return placed;
      }
    }
    if (slots.containsKey(condition)) {
      return condition;
    }
    // rain-night, snow-dusk ...: illumination dominates appearance, so the time-of-day bucket
    TimeOfDay t = tags.getTimeOfDay();
    String tod = t.name().toLowerCase(java.util.Locale.ROOT);
    if (t != TimeOfDay.DAY && slots.containsKey(tod)) {
      return tod;
    }
    return UNKNOWN;
  }

  /** The condition id of fully tagged conditions, or null when weather or time of day is unknown. */
  public static String conditionId(ConditionTags tags) {
    return org.issastream.schemas.ConditionIds.of(tags);
  }


  /** Slot id {@code <bucket>/<index>}. */
  public static String slotId(String bucket, int index) {
    return bucket + "/" + index;
  }

  /** The bucket part of a slot id. */
  public static String bucketOfSlot(String slotId) {
    int i = slotId.lastIndexOf('/');
    return i < 0 ? slotId : slotId.substring(0, i);
  }

  /** The index part of a slot id, or -1 when malformed. */
  public static int indexOfSlot(String slotId) {
    int i = slotId.lastIndexOf('/');
    try {
      return i < 0 ? -1 : Integer.parseInt(slotId.substring(i + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return "QuotaPlan" + slots;
  }
}
