package org.issastream.embedded.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.issastream.schemas.registry.CompatibilityLevel;
import org.issastream.schemas.registry.RegistryRecord;
import org.issastream.schemas.registry.RegistryState;
import org.junit.jupiter.api.Test;

/** The _schemas layout, both ways, including records only a Confluent registry writes. */
class SchemaLogCodecTest {
  private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
  private final RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);

  private static byte[] b(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private List<RegistryRecord> decode(String key, String value) throws Exception {
    return SchemaLogCodec.decode(b(key), b(value), state::softDeleteUpTo);
  }

  @Test
  void writesConfluentKeysAndValues() throws Exception {
    RegistryRecord.SchemaVersion v = new RegistryRecord.SchemaVersion("s-value", 2, 7, SCHEMA, false);
    assertEquals("{\"keytype\":\"SCHEMA\",\"subject\":\"s-value\",\"version\":2,\"magic\":1}", s(SchemaLogCodec.key(v)));
    assertEquals("{\"subject\":\"s-value\",\"version\":2,\"id\":7,\"schema\":" + quoted(SCHEMA) + ",\"deleted\":false}",
        s(SchemaLogCodec.value(v)));
    RegistryRecord.Config global = new RegistryRecord.Config(null, CompatibilityLevel.FULL);
    assertEquals("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", s(SchemaLogCodec.key(global)));
    assertEquals("{\"compatibilityLevel\":\"FULL\"}", s(SchemaLogCodec.value(global)));
    assertNull(SchemaLogCodec.value(new RegistryRecord.VersionTombstone("s-value", 2)));
    assertNull(SchemaLogCodec.value(new RegistryRecord.Config("s-value", null)));
  }

  @Test
  void readsWhatItWritesAndWhatConfluentWrites() throws Exception {
    RegistryRecord.SchemaVersion v = new RegistryRecord.SchemaVersion("s", 1, 3, SCHEMA, false);
    assertEquals(List.of(v), SchemaLogCodec.decode(SchemaLogCodec.key(v), SchemaLogCodec.value(v), state::softDeleteUpTo));
    assertEquals(List.of(new RegistryRecord.VersionTombstone("s", 1)),
        decode("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}", null));
    assertEquals(List.of(new RegistryRecord.Config(null, CompatibilityLevel.NONE)),
        decode("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"NONE\"}"));
    assertEquals(List.of(new RegistryRecord.Config("s", null)), decode("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}", null));
    assertTrue(decode("{\"keytype\":\"NOOP\",\"magic\":0}", null).isEmpty());
    assertTrue(decode("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}", "{\"mode\":\"READWRITE\"}").isEmpty());
    // Protobuf / JSON schemas of a shared Confluent log are not this registry's business
    assertTrue(decode("{\"keytype\":\"SCHEMA\",\"subject\":\"p\",\"version\":1,\"magic\":1}",
        "{\"subject\":\"p\",\"version\":1,\"id\":9,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\",\"deleted\":false}").isEmpty());
  }

  @Test
  void confluentDeleteSubjectSoftDeletesUpToItsVersion() throws Exception {
    state.apply(new RegistryRecord.SchemaVersion("s", 1, 1, SCHEMA, false));
    state.apply(new RegistryRecord.SchemaVersion("s", 2, 2,
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}", false));
    List<RegistryRecord> out = decode("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}", "{\"subject\":\"s\",\"version\":2}");
    assertEquals(2, out.size());
    out.forEach(state::apply);
    assertEquals(List.of(), state.subjects(false));
    assertEquals(List.of(1, 2), state.versions("s", true));
  }

  private static String quoted(String s) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
  }
}
