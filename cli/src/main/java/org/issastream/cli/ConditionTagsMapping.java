package org.issastream.cli;

import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.issastream.synthdrive.Condition;

/**
 * SynthDrive {@link Condition} to and from the Avro {@link ConditionTags}: clear, overcast, fog,
 * rain and snow are that weather by DAY; dusk is CLEAR + DUSK; night is CLEAR + NIGHT. Lives here
 * so that synthdrive stays free of Kafka and Avro.
 */
public final class ConditionTagsMapping {
  private ConditionTagsMapping() {}

  /** Tags for a condition (null: all UNKNOWN) and a place id (may be null). */
  public static ConditionTags tags(Condition c, String place) {
    if (c == null) {
      return new ConditionTags(Weather.UNKNOWN, TimeOfDay.UNKNOWN, place);
    }
    return new ConditionTags(Weather.valueOf(c.weatherSymbol()), TimeOfDay.valueOf(c.timeOfDaySymbol()), place);
  }

  /** The condition the tags describe, or null when they name none (unknown parts, rain at night ...). */
  public static Condition condition(ConditionTags tags) {
    if (tags == null) {
      return null;
    }
    return Condition.fromSymbols(tags.getWeather().name(), tags.getTimeOfDay().name());
  }
}
