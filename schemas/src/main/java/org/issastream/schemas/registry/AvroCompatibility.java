package org.issastream.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Compatibility checks of a candidate schema against existing versions, with Avro's own rules. */
public final class AvroCompatibility {
  private AvroCompatibility() {}

  /**
   * Checks {@code candidate} against {@code previous} (oldest first) under {@code level}.
   *
   * @return human-readable incompatibilities; empty when compatible
   */
  public static List<String> check(CompatibilityLevel level, Schema candidate, List<Schema> previous) {
    List<String> problems = new ArrayList<>();
    if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
      return problems;
    }
    List<Schema> against = level.transitive() ? previous : List.of(previous.get(previous.size() - 1));
    for (Schema old : against) {
      if (level.backward()) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "BACKWARD", problems);
      }
      if (level.forward()) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "FORWARD", problems);
      }
    }
    return problems;
  }

  private static void describe(SchemaPairCompatibility result, String direction, List<String> out) {
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility i : result.getResult().getIncompatibilities()) {
      out.add(direction + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
    }
  }
}
