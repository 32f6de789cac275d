package org.issastream.schemas.registry;

import java.util.Locale;

/**
 * Schema compatibility levels with Confluent's names and meaning. {@code BACKWARD}: a consumer using
 * the new schema can read data written with the previous one; {@code FORWARD}: consumers of the
 * previous schema can read data written with the new one; {@code FULL}: both. The {@code _TRANSITIVE}
 * variants check against every live version of the subject instead of only the latest.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** New schema as reader must read data of the old writer. */
  public boolean backward() {
    return backward;
  }

  /** Old schema as reader must read data of the new writer. */
  public boolean forward() {
    return forward;
  }

  /** Checked against all live versions, not only the latest. */
  public boolean transitive() {
    return transitive;
  }

  /**
   * Parses a level name case-insensitively.
   *
   * @throws RegistryException.InvalidCompatibilityLevel (42203) for an unknown name
   */
  public static CompatibilityLevel parse(String name) throws RegistryException.InvalidCompatibilityLevel {
    if (name != null) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the typed error below; the message names the bad value
      }
    }
    throw new RegistryException.InvalidCompatibilityLevel("Invalid compatibility level: " + name);
  }
}
