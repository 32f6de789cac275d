package org.issastream.synthdrive;

import java.util.Locale;

/**
 * Weather and illumination of a scene. A condition changes appearance only, never layout or labels.
 *
 * <p>Mapping to the Avro {@code ConditionTags} (schemas module; kept out of this Kafka-free module
 * as symbol names): clear/overcast/fog/rain/snow are that weather by DAY; dusk is CLEAR + DUSK;
 * night is CLEAR + NIGHT. {@link #weatherSymbol()} and {@link #timeOfDaySymbol()} give the enum
 * symbol names, {@link #fromSymbols} maps back.
 */
public enum Condition {
  CLEAR("clear", "CLEAR", "DAY"),
  OVERCAST("overcast", "OVERCAST", "DAY"),
  FOG("fog", "FOG", "DAY"),
  RAIN("rain", "RAIN", "DAY"),
  SNOW("snow", "SNOW", "DAY"),
  DUSK("dusk", "CLEAR", "DUSK"),
  NIGHT("night", "CLEAR", "NIGHT");

  private final String id;
  private final String weather;
  private final String timeOfDay;

  Condition(String id, String weather, String timeOfDay) {
    this.id = id;
    this.weather = weather;
    this.timeOfDay = timeOfDay;
  }

  /** Lower-case id used in folder names, manifests and on the command line: "clear", "fog", ... */
  public String id() {
    return id;
  }

  /** The {@code org.issastream.schemas.Weather} symbol: CLEAR, OVERCAST, FOG, RAIN or SNOW. */
  public String weatherSymbol() {
    return weather;
  }

  /** The {@code org.issastream.schemas.TimeOfDay} symbol: DAY, DUSK or NIGHT. */
  public String timeOfDaySymbol() {
    return timeOfDay;
  }

  /** Whether street lamps, lit windows and headlights are on. */
  public boolean lightsOn() {
    return this == DUSK || this == NIGHT;
  }

  /** The condition with this id (case-insensitive; the enum name is accepted too). */
  public static Condition fromId(String id) {
    String k = id.trim().toLowerCase(Locale.ROOT);
    for (Condition c : values()) {
      if (c.id.equals(k)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown condition '" + id + "'; known: " + ids());
  }

  /**
   * The condition for Avro weather and time-of-day symbols, or null when they do not name one
   * (UNKNOWN parts, or a non-clear weather at dusk/night, which SynthDrive does not render).
   */
  public static Condition fromSymbols(String weather, String timeOfDay) {
    for (Condition c : values()) {
      if (c.weather.equals(weather) && c.timeOfDay.equals(timeOfDay)) {
        return c;
      }
    }
    return null;
  }

  /** All ids, comma-separated. */
  public static String ids() {
    StringBuilder sb = new StringBuilder();
    for (Condition c : values()) {
      sb.append(sb.length() == 0 ? "" : ",").append(c.id);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return id;
  }
}
