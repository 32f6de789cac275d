package org.issastream.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RegistryStateTest {
  private final List<RegistryRecord> log = new ArrayList<>();
  private final RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);

  static Schema rec(String extra) {
    return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}" + extra + "]}");
  }

  private int register(String subject, Schema s) throws RegistryException {
    RegistryRecord.SchemaVersion r = state.planRegister(subject, s);
    if (r == null) {
      return state.idOf(s);
    }
    write(r);
    return r.id();
  }

  private void write(RegistryRecord r) {
    log.add(r);
    state.apply(r);
  }

  @Test
  void idsAreGlobalAndVersionsPerSubject() throws Exception {
    Schema v1 = rec("");
    Schema v2 = rec(",{\"name\":\"b\",\"type\":\"int\",\"default\":1}");
    assertEquals(1, register("x", v1));
    assertEquals(1, register("x", v1));
    assertEquals(1, register("y", v1));
    assertEquals(2, register("x", v2));
    assertEquals(List.of(1, 2), state.versions("x", false));
    assertEquals(List.of(1), state.versions("y", false));
    assertEquals(new SchemaMetadata("x", 2, 2, RegistryState.canonical(v2)), state.latest("x"));
    assertEquals(List.of("x", "y"), state.subjectsForId(1));
    assertNull(state.planRegister("y", v1));
  }

  @Test
  void rebuildingFromTheLogGivesTheSameState() throws Exception {
    register("x", rec(""));
    register("x", rec(",{\"name\":\"b\",\"type\":\"int\",\"default\":1}"));
    register("z", rec(",{\"name\":\"c\",\"type\":\"int\",\"default\":1}"));
    write(new RegistryRecord.Config("z", CompatibilityLevel.NONE));
    state.planDeleteSubject("x", false).forEach(this::write);

    RegistryState rebuilt = new RegistryState(CompatibilityLevel.BACKWARD);
    log.forEach(rebuilt::apply);
    assertEquals(state.subjects(true), rebuilt.subjects(true));
    assertEquals(List.of("z"), rebuilt.subjects(false));
    assertEquals(CompatibilityLevel.NONE, rebuilt.effectiveLevel("z"));
    for (int id = 1; id <= 3; id++) {
      assertEquals(state.schemaById(id), rebuilt.schemaById(id));
    }
    // the next id continues after the rebuilt ones
    assertEquals(4, rebuilt.planRegister("new", rec(",{\"name\":\"q\",\"type\":\"int\",\"default\":1}")).id());
  }

  @Test
  void deletionRules() throws Exception {
    register("x", rec(""));
    assertThrows(RegistryException.SubjectNotSoftDeleted.class, () -> state.planDeleteSubject("x", true));
    state.planDeleteSubject("x", false).forEach(this::write);
    assertThrows(RegistryException.SubjectNotFound.class, () -> state.latest("x"));
    assertThrows(RegistryException.SubjectSoftDeleted.class, () -> state.planDeleteSubject("x", false));
    assertEquals(rec(""), state.schemaById(1), "soft-deleted ids still resolve");
    // re-registering after a soft delete creates a new version with the same id
    RegistryRecord.SchemaVersion again = state.planRegister("x", rec(""));
    assertEquals(2, again.version());
    assertEquals(1, again.id());
    List<RegistryRecord> permanent = state.planDeleteSubject("x", true);
    assertEquals(List.of(1), RegistryState.deletedVersions(permanent));
    permanent.forEach(this::write);
    assertThrows(RegistryException.SubjectNotFound.class, () -> state.versions("x", true));
    assertThrows(RegistryException.SchemaNotFound.class, () -> state.schemaById(1), "no version holds id 1 any more");
  }

  @Test
  void incompatibleRegistrationIsRejectedWithoutChangingState() throws Exception {
    register("x", rec(""));
    Schema breaking = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    RegistryException.IncompatibleSchema e = assertThrows(RegistryException.IncompatibleSchema.class, () -> state.planRegister("x", breaking));
    assertTrue(e.getMessage().contains("BACKWARD"), e.getMessage());
    assertEquals(List.of(1), state.versions("x", false));
    write(new RegistryRecord.Config("x", CompatibilityLevel.NONE));
    assertEquals(2, register("x", breaking));
  }

  @Test
  void invalidInputsMapToConfluentCodes() {
    assertEquals(42201, assertThrows(RegistryException.InvalidSchema.class, () -> RegistryState.parse("{nope")).errorCode());
    assertEquals(42201, assertThrows(RegistryException.InvalidSchema.class, () -> RegistryState.parse("")).errorCode());
    assertEquals(42203, assertThrows(RegistryException.InvalidCompatibilityLevel.class, () -> CompatibilityLevel.parse("SIDEWAYS")).errorCode());
    assertEquals(CompatibilityLevel.FULL_TRANSITIVE, assertDoesNotThrowParse("full_transitive"));
    assertEquals(42202, assertThrows(RegistryException.InvalidVersion.class, () -> state.version("x", 0, false)).errorCode());
  }

  private static CompatibilityLevel assertDoesNotThrowParse(String s) {
    try {
      return CompatibilityLevel.parse(s);
    } catch (RegistryException e) {
      throw new AssertionError(e);
    }
  }
}
