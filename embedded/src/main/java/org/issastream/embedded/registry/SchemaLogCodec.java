package org.issastream.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.issastream.schemas.registry.CompatibilityLevel;
import org.issastream.schemas.registry.RegistryException;
import org.issastream.schemas.registry.RegistryRecord;

/**
 * Confluent's JSON layout of the {@code _schemas} topic, both ways. Keys:
 * {@code {"keytype":"SCHEMA","subject":S,"version":V,"magic":1}} and
 * {@code {"keytype":"CONFIG","subject":S|null,"magic":0}}; values
 * {@code {"subject","version","id","schema","deleted"}} and {@code {"compatibilityLevel":L}}; a null
 * value is a tombstone (permanent delete / config removal). Records of other key types written by a
 * Confluent registry (NOOP, MODE, CONTEXT, DELETE_SUBJECT, CLEAR_SUBJECT) are understood or skipped.
 */
final class SchemaLogCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaLogCodec() {}

  static byte[] key(RegistryRecord r) {
    ObjectNode k = JSON.createObjectNode();
    if (r instanceof RegistryRecord.SchemaVersion v) {
      k.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("magic", 1);
    } else if (r instanceof RegistryRecord.VersionTombstone t) {
      k.put("keytype", "SCHEMA").put("subject", t.subject()).put("version", t.version()).put("magic", 1);
    } else if (r instanceof RegistryRecord.Config c) {
      k.put("keytype", "CONFIG");
      if (c.subject() == null) {
        k.putNull("subject");
      } else {
        k.put("subject", c.subject());
      }
      k.put("magic", 0);
    }
    return bytes(k);
  }

  /** The value, or null for a tombstone. */
  static byte[] value(RegistryRecord r) {
    if (r instanceof RegistryRecord.SchemaVersion v) {
      ObjectNode n = JSON.createObjectNode().put("subject", v.subject()).put("version", v.version())
          .put("id", v.id()).put("schema", v.schema()).put("deleted", v.deleted());
      return bytes(n);
    }
    if (r instanceof RegistryRecord.Config c && c.level() != null) {
      return bytes(JSON.createObjectNode().put("compatibilityLevel", c.level().name()));
    }
    return null;
  }

  /** A NOOP key, written to learn the log end when reading one's own writes. */
  static byte[] noopKey() {
    return bytes(JSON.createObjectNode().put("keytype", "NOOP").put("magic", 0));
  }

  /**
   * Decodes one log record into what to apply (possibly nothing). {@code versionsOf} answers the
   * versions of a subject, needed for Confluent's DELETE_SUBJECT records.
   */
  static List<RegistryRecord> decode(byte[] key, byte[] value, SubjectVersions versionsOf) throws IOException {
    List<RegistryRecord> out = new ArrayList<>();
    if (key == null) {
      return out;
    }
    JsonNode k = JSON.readTree(key);
    String type = k.path("keytype").asText("");
    JsonNode v = value == null ? null : JSON.readTree(value);
    switch (type) {
      case "SCHEMA": {
        String subject = k.path("subject").asText();
        int version = k.path("version").asInt();
        if (v == null || v.isNull()) {
          out.add(new RegistryRecord.VersionTombstone(subject, version));
        } else {
          String schemaType = v.path("schemaType").asText("AVRO");
          if ("AVRO".equals(schemaType)) {
            out.add(new RegistryRecord.SchemaVersion(v.path("subject").asText(subject), v.path("version").asInt(version),
                v.path("id").asInt(), v.path("schema").asText(), v.path("deleted").asBoolean(false)));
          }
        }
        break;
      }
      case "CONFIG": {
        JsonNode s = k.get("subject");
        String subject = s == null || s.isNull() ? null : s.asText();
        CompatibilityLevel level = null;
        if (v != null && !v.isNull() && v.hasNonNull("compatibilityLevel")) {
          try {
            level = CompatibilityLevel.parse(v.get("compatibilityLevel").asText());
          } catch (RegistryException.InvalidCompatibilityLevel e) {
            throw new IOException(e.getMessage(), e);
          }
        }
        out.add(new RegistryRecord.Config(subject, level));
        break;
      }
      case "DELETE_SUBJECT": {
        if (v != null && !v.isNull()) {
          String subject = v.path("subject").asText(k.path("subject").asText());
          int upTo = v.path("version").asInt(Integer.MAX_VALUE);
          out.addAll(versionsOf.softDeleteUpTo(subject, upTo));
        }
        break;
      }
      default:
        break; // NOOP, MODE, CONTEXT, CLEAR_SUBJECT: nothing for this registry to apply
    }
    return out;
  }

  /** Access to current versions while decoding, for DELETE_SUBJECT. */
  interface SubjectVersions {
    List<RegistryRecord> softDeleteUpTo(String subject, int version);
  }

  private static byte[] bytes(JsonNode n) {
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
