package org.issastream.schemas.registry;

import java.util.Objects;

/**
 * One registered version of a subject: the global schema id, the subject-local version and the schema
 * text (Avro JSON).
 */
public record SchemaMetadata(String subject, int version, int id, String schema) {
  public SchemaMetadata {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
