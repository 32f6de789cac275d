package org.issastream.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API the project uses, for Avro schemas. Implemented
 * over HTTP by {@link RestSchemaRegistryClient} (any Confluent-API registry) and in memory by
 * {@link InMemorySchemaRegistryClient} (unit and topology tests). Implementations are thread-safe.
 *
 * <p>A {@code null} subject in the config methods means the global level.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /**
   * Registers {@code schema} under {@code subject} (or finds it already there) and returns its global
   * id. The same schema text under two subjects has the same id.
   *
   * @throws RegistryException.IncompatibleSchema if the subject's compatibility level rejects it
   * @throws RegistryException.InvalidSchema if the registry cannot parse it
   */
  int register(String subject, Schema schema) throws RegistryException;

  /**
   * Looks up a schema already registered under {@code subject} without registering it.
   *
   * @throws RegistryException.SubjectNotFound or {@link RegistryException.SchemaNotFound}
   */
  SchemaMetadata lookup(String subject, Schema schema) throws RegistryException;

  /** The schema with global id {@code id}; {@link RegistryException.SchemaNotFound} if none. */
  Schema getSchemaById(int id) throws RegistryException;

  /** All live (not deleted) subjects, sorted. */
  List<String> getAllSubjects() throws RegistryException;

  /** Live versions of a subject, ascending. */
  List<Integer> getVersions(String subject) throws RegistryException;

  /** A given version of a subject. */
  SchemaMetadata getVersion(String subject, int version) throws RegistryException;

  /** The latest live version of a subject. */
  SchemaMetadata getLatestVersion(String subject) throws RegistryException;

  /**
   * Whether {@code schema} could be registered under {@code subject} given its compatibility level.
   * A subject without versions accepts anything.
   */
  boolean testCompatibility(String subject, Schema schema) throws RegistryException;

  /** Effective compatibility level of the subject (falls back to global), or global for null. */
  CompatibilityLevel getCompatibility(String subject) throws RegistryException;

  /** Sets the compatibility level of the subject, or the global level for null; returns it. */
  CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) throws RegistryException;

  /**
   * Deletes a subject: soft (versions hidden, ids still resolvable) or permanent (only after a soft
   * delete). Returns the deleted versions.
   */
  List<Integer> deleteSubject(String subject, boolean permanent) throws RegistryException;

  /** Deletes one version of a subject, soft or permanent; returns the version. */
  int deleteVersion(String subject, int version, boolean permanent) throws RegistryException;

  /** Releases connections; the default does nothing. */
  @Override
  default void close() {}
}
