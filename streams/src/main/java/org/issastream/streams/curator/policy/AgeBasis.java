package org.issastream.streams.curator.policy;

import java.util.Locale;

/** Which timestamp an entry's age is measured from, for TTL eviction and the oldest-first policy. */
public enum AgeBasis {
  /** Capture time of the source image: the pool tracks what the fleet sees now. */
  CAPTURE,
  /** When the curator admitted the codes: late-arriving old images still get a full TTL. */
  ADMISSION;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AgeBasis fromConfig(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
