package org.issastream.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which schema changes each compatibility level accepts, against Avro's resolution rules. */
class CompatibilityMatrixTest {

  static Schema rec(String fields) {
    return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
  }

  static final Schema BASE = rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"d\",\"type\":\"string\",\"default\":\"x\"}");

  // old -> new, and whether BACKWARD, FORWARD hold
  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("add field with default", rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"d\",\"type\":\"string\",\"default\":\"x\"},{\"name\":\"n\",\"type\":\"long\",\"default\":0}"), true, true),
        Arguments.of("add required field", rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"d\",\"type\":\"string\",\"default\":\"x\"},{\"name\":\"n\",\"type\":\"long\"}"), false, true),
        Arguments.of("remove field with default", rec("{\"name\":\"a\",\"type\":\"int\"}"), true, true),
        Arguments.of("remove required field", rec("{\"name\":\"d\",\"type\":\"string\",\"default\":\"x\"}"), true, false),
        Arguments.of("promote int to long", rec("{\"name\":\"a\",\"type\":\"long\"},{\"name\":\"d\",\"type\":\"string\",\"default\":\"x\"}"), true, false),
        Arguments.of("change int to string", rec("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"d\",\"type\":\"string\",\"default\":\"x\"}"), false, false),
        Arguments.of("no change", BASE, true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void levelsAgreeWithAvroResolution(String name, Schema next, boolean backward, boolean forward) {
    for (CompatibilityLevel level : CompatibilityLevel.values()) {
      boolean expected = (!level.backward() || backward) && (!level.forward() || forward);
      List<String> problems = AvroCompatibility.check(level, next, List.of(BASE));
      assertEquals(expected, problems.isEmpty(), name + " under " + level + ": " + problems);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitive")
  void transitiveLevelsCheckEveryVersion(CompatibilityLevel level, boolean accepted) {
    Schema v1 = rec("{\"name\":\"a\",\"type\":\"int\"}");
    Schema v2 = rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}");
    Schema v3 = rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");
    // v3 reads v2 data (b present) but not v1 data (b missing, no default)
    assertEquals(accepted, AvroCompatibility.check(level, v3, List.of(v1, v2)).isEmpty(), level.name());
  }

  static Stream<Arguments> transitive() {
    return Stream.of(
        Arguments.of(CompatibilityLevel.BACKWARD, true),
        Arguments.of(CompatibilityLevel.BACKWARD_TRANSITIVE, false),
        Arguments.of(CompatibilityLevel.FULL, true),
        Arguments.of(CompatibilityLevel.FULL_TRANSITIVE, false),
        Arguments.of(CompatibilityLevel.NONE, true));
  }
}
