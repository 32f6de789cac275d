package org.issastream.streams.curator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.Origin;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.junit.jupiter.api.Test;

class QuotaPlanTest {

  private static ConditionTags tags(Weather w, TimeOfDay t, String place) {
    return ConditionTags.newBuilder().setWeather(w).setTimeOfDay(t).setPlace(place).build();
  }

  @Test
  void defaultWeightsSplit512Into64sAnd32s() {
    QuotaPlan p = QuotaPlan.apportion(512, QuotaPlan.parseWeights(List.of(
        "clear:1", "overcast:1", "fog:1", "rain:1", "snow:1", "dusk:1", "night:1", "unknown:0.5",
        "external:0.5")));
    assertEquals(64, p.quota("snow"));
    assertEquals(64, p.quota("night"));
    assertEquals(32, p.quota("unknown"));
    assertEquals(32, p.quota("external"));
    assertEquals(512, p.slots().values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void largestRemainderAlwaysSumsToCapacity() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("a", 1.0);
    w.put("b", 1.0);
    w.put("c", 1.0);
    QuotaPlan p = QuotaPlan.apportion(10, w);
    assertEquals(Map.of("a", 4, "b", 3, "c", 3), p.slots());
    for (int cap = 1; cap < 50; cap++) {
      w.put("d", 0.3);
      int sum = QuotaPlan.apportion(cap, w).slots().values().stream().mapToInt(i -> i).sum();
      assertEquals(cap, sum, "capacity " + cap);
    }
  }

  @Test
  void zeroWeightGetsNoSlots() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("clear", 1.0);
    w.put("external", 0.0);
    QuotaPlan p = QuotaPlan.apportion(7, w);
    assertEquals(7, p.quota("clear"));
    assertEquals(0, p.quota("external"));
  }

  @Test
  void conditionIds() {
    assertEquals("clear", QuotaPlan.conditionId(tags(Weather.CLEAR, TimeOfDay.DAY, null)));
    assertEquals("snow", QuotaPlan.conditionId(tags(Weather.SNOW, TimeOfDay.DAY, null)));
    assertEquals("dusk", QuotaPlan.conditionId(tags(Weather.CLEAR, TimeOfDay.DUSK, null)));
    assertEquals("night", QuotaPlan.conditionId(tags(Weather.CLEAR, TimeOfDay.NIGHT, null)));
    assertEquals("rain-night", QuotaPlan.conditionId(tags(Weather.RAIN, TimeOfDay.NIGHT, null)));
    assertNull(QuotaPlan.conditionId(tags(Weather.UNKNOWN, TimeOfDay.DAY, null)));
    assertNull(QuotaPlan.conditionId(tags(Weather.SNOW, TimeOfDay.UNKNOWN, null)));
  }

  @Test
  void bucketRouting() {
    QuotaPlan p = QuotaPlan.apportion(40, QuotaPlan.parseWeights(List.of(
        "snow:1", "snow@oslo:1", "clear:1", "unknown:1", "external:0")));
    assertEquals("snow@oslo", p.bucketFor(Origin.FLEET, tags(Weather.SNOW, TimeOfDay.DAY, "oslo")));
    assertEquals("snow", p.bucketFor(Origin.FLEET, tags(Weather.SNOW, TimeOfDay.DAY, "bergen")));
    assertEquals("snow", p.bucketFor(Origin.FLEET, tags(Weather.SNOW, TimeOfDay.DAY, null)));
    assertEquals("clear", p.bucketFor(Origin.FLEET, tags(Weather.CLEAR, TimeOfDay.DAY, "oslo")));
    // a condition without a bucket of its own, and unknown tags, go to the catch-all
    assertEquals("unknown", p.bucketFor(Origin.FLEET, tags(Weather.RAIN, TimeOfDay.NIGHT, null)));
    assertEquals("unknown", p.bucketFor(Origin.FLEET, tags(Weather.UNKNOWN, TimeOfDay.UNKNOWN, null)));
    // EXTERNAL exemplars always go to their own bucket, whatever their tags
    assertEquals("external", p.bucketFor(Origin.EXTERNAL, tags(Weather.SNOW, TimeOfDay.DAY, "oslo")));
  }

  @Test
  void duskAndNightConditionsWithoutABucketFallBackToTheTimeOfDayBucket() {
    QuotaPlan p = QuotaPlan.apportion(40, QuotaPlan.parseWeights(List.of(
        "snow:1", "night:1", "rain-night:1", "unknown:1")));
    assertEquals("night", p.bucketFor(Origin.FLEET, tags(Weather.SNOW, TimeOfDay.NIGHT, null)));
    assertEquals("rain-night", p.bucketFor(Origin.FLEET, tags(Weather.RAIN, TimeOfDay.NIGHT, null)));
    assertEquals("unknown", p.bucketFor(Origin.FLEET, tags(Weather.SNOW, TimeOfDay.DUSK, null)),
        "no dusk bucket in this plan");
  }

  @Test
  void slotIds() {
    assertEquals("snow@oslo/3", QuotaPlan.slotId("snow@oslo", 3));
    assertEquals("snow@oslo", QuotaPlan.bucketOfSlot("snow@oslo/3"));
    assertEquals(3, QuotaPlan.indexOfSlot("snow@oslo/3"));
    assertEquals(-1, QuotaPlan.indexOfSlot("snow"));
  }

  @Test
  void rejectsBadWeights() {
    assertThrows(IllegalArgumentException.class, () -> QuotaPlan.parseWeights(List.of("snow")));
    assertThrows(IllegalArgumentException.class, () -> QuotaPlan.parseWeights(List.of("snow:x")));
    assertThrows(IllegalArgumentException.class, () -> QuotaPlan.parseWeights(List.of("a:1", "a:2")));
    assertThrows(IllegalArgumentException.class,
        () -> QuotaPlan.apportion(8, QuotaPlan.parseWeights(List.of("a:0"))));
    assertThrows(IllegalArgumentException.class,
        () -> QuotaPlan.apportion(8, QuotaPlan.parseWeights(List.of("a:-1", "b:1"))));
    assertThrows(IllegalArgumentException.class,
        () -> QuotaPlan.apportion(8, QuotaPlan.parseWeights(List.of("Bad Name:1"))));
  }
}
