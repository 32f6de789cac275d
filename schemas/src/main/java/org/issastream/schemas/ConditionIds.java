package org.issastream.schemas;

import java.util.Locale;

/**
 * Canonical condition ids of {@link ConditionTags}, shared by the curator's buckets and the
 * workers' style policies: the lower-case weather by DAY ("clear", "fog" ...), the time of day for
 * clear dusk/night ("dusk", "night"), else {@code <weather>-<timeOfDay>} ("rain-night").
 */
public final class ConditionIds {
  private ConditionIds() {}

  /** The condition id, or null when weather or time of day is unknown. */
  public static String of(ConditionTags tags) {
    if (tags == null) {
      return null;
    }
    Weather w = tags.getWeather();
    TimeOfDay t = tags.getTimeOfDay();
    if (w == null || t == null || w == Weather.UNKNOWN || t == TimeOfDay.UNKNOWN) {
      return null;
    }
    String weather = w.name().toLowerCase(Locale.ROOT);
    String tod = t.name().toLowerCase(Locale.ROOT);
    if (t == TimeOfDay.DAY) {
      return weather;
    }
    return w == Weather.CLEAR ? tod : weather + "-" + tod;
  }

  /** Tags for a condition id as {@link #of} names it (unknown parts for an unrecognised id). */
  public static ConditionTags tags(String conditionId, String place) {
    Weather w = Weather.UNKNOWN;
    TimeOfDay t = TimeOfDay.UNKNOWN;
    if (conditionId != null) {
      String[] parts = conditionId.toLowerCase(Locale.ROOT).split("-", 2);
      for (String p : parts) {
        switch (p) {
          case "dusk" -> t = TimeOfDay.DUSK;
          case "night" -> t = TimeOfDay.NIGHT;
          case "day" -> t = TimeOfDay.DAY;
          default -> {
            try {
              w = Weather.valueOf(p.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
              w = Weather.UNKNOWN;
            }
          }
        }
      }
      if (w != Weather.UNKNOWN && t == TimeOfDay.UNKNOWN) {
        t = TimeOfDay.DAY;
      } else if (w == Weather.UNKNOWN && t != TimeOfDay.UNKNOWN && parts.length == 1) {
        w = Weather.CLEAR;
      }
    }
    return ConditionTags.newBuilder().setWeather(w).setTimeOfDay(t).setPlace(place).build();
  }
}
