package org.issastream.schemas.registry;

/**
 * One entry of a registry's log: what {@link RegistryState} applies and what the embedded server
 * writes to its {@code _schemas} topic (Confluent's key/value layout). A registry is the fold of its
 * records in order.
 */
public sealed interface RegistryRecord {

  /** A subject version, live or soft-deleted (Confluent key type SCHEMA). */
  record SchemaVersion(String subject, int version, int id, String schema, boolean deleted)
      implements RegistryRecord {}

  /** A permanently deleted subject version (a tombstone for its SCHEMA key). */
  record VersionTombstone(String subject, int version) implements RegistryRecord {}

  /** A compatibility level, per subject or global ({@code subject == null}); null level = unset. */
  record Config(String subject, CompatibilityLevel level) implements RegistryRecord {}
}
