package org.issastream.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.issastream.schemas.registry.RegistryRecord.Config;
import org.issastream.schemas.registry.RegistryRecord.SchemaVersion;
import org.issastream.schemas.registry.RegistryRecord.VersionTombstone;

/**
 * The registry's state machine, shared by the in-memory client and the embedded server so that both
 * follow the same rules. Queries read the state; {@code plan*} methods validate a request and return
 * the log records that carry it out, without changing anything; {@link #apply} folds a record in.
 * Not thread-safe: callers serialise access.
 *
 * <p>Rules (Confluent's): ids are global and the same schema text has one id in every subject;
 * versions count up per subject and are never reused; registering a schema already live under the
 * subject returns its existing id; soft-deleted versions are hidden but their ids still resolve;
 * permanent deletion needs a prior soft deletion.
 */
public final class RegistryState {
  private final Map<String, NavigableMap<Integer, SchemaVersion>> subjects = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<Integer, Integer> refCounts = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private final CompatibilityLevel defaultLevel;
  private CompatibilityLevel globalLevel;
  private int maxId;

  public RegistryState(CompatibilityLevel defaultLevel) {
    this.defaultLevel = defaultLevel;
    this.globalLevel = defaultLevel;
  }

  /** The text by which schemas are compared: Avro's compact JSON form, with properties. */
  public static String canonical(Schema schema) {
    return schema.toString();
  }

  /** Parses schema text; {@link RegistryException.InvalidSchema} if it is not valid Avro. */
  public static Schema parse(String schemaText) throws RegistryException.InvalidSchema {
    if (schemaText == null || schemaText.isBlank()) {
      throw new RegistryException.InvalidSchema("Empty schema");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
      throw new RegistryException.InvalidSchema("Invalid schema: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- apply

  /** Folds one log record into the state. Records are assumed valid (they were planned). */
  public void apply(RegistryRecord record) {
    if (record instanceof SchemaVersion v) {
      applyVersion(v);
    } else if (record instanceof VersionTombstone t) {
      NavigableMap<Integer, SchemaVersion> versions = subjects.get(t.subject());
      if (versions != null) {
        SchemaVersion removed = versions.remove(t.version());
        if (removed != null) {
          release(removed.id());
        }
        if (versions.isEmpty()) {
          subjects.remove(t.subject());
        }
      }
    } else if (record instanceof Config c) {
      if (c.subject() == null) {
        globalLevel = c.level() == null ? defaultLevel : c.level();
      } else if (c.level() == null) {
        subjectLevels.remove(c.subject());
      } else {
        subjectLevels.put(c.subject(), c.level());
      }
    }
  }

  private void applyVersion(SchemaVersion v) {
    NavigableMap<Integer, SchemaVersion> versions = subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>());
    SchemaVersion previous = versions.put(v.version(), v);
    if (previous != null) {
      release(previous.id());
    }
    refCounts.merge(v.id(), 1, Integer::sum);
    if (!schemasById.containsKey(v.id())) {
      Schema schema;
      try {
        schema = parse(v.schema());
      } catch (RegistryException.InvalidSchema e) {
        // A log written by another registry may hold a schema this Avro version rejects; keep the
        // record out of the id map rather than failing the whole rebuild.
        refCounts.merge(v.id(), -1, Integer::sum);
        versions.remove(v.version());
        return;
      }
      schemasById.put(v.id(), schema);
      idByCanonical.putIfAbsent(canonical(schema), v.id());
    }
    maxId = Math.max(maxId, v.id());
  }

  private void release(int id) {
    int left = refCounts.merge(id, -1, Integer::sum);
    if (left <= 0) {
      refCounts.remove(id);
      Schema schema = schemasById.remove(id);
      if (schema != null) {
        idByCanonical.remove(canonical(schema), id);
      }
    }
  }

  // ---------------------------------------------------------------- queries

  public Schema schemaById(int id) throws RegistryException {
    Schema s = schemasById.get(id);
    if (s == null) {
      throw new RegistryException.SchemaNotFound("Schema " + id + " not found");
    }
    return s;
  }

  /** Subjects (sorted) holding schema id {@code id} in a live version. */
  public List<String> subjectsForId(int id) throws RegistryException {
    schemaById(id);
    TreeSet<String> out = new TreeSet<>();
    subjects.forEach((subject, versions) -> versions.values().forEach(v -> {
      if (!v.deleted() && v.id() == id) {
        out.add(subject);
      }
    }));
    return new ArrayList<>(out);
  }

  public List<String> subjects(boolean includeDeleted) {
    TreeSet<String> out = new TreeSet<>();
    subjects.forEach((subject, versions) -> {
      if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
        out.add(subject);
      }
    });
    return new ArrayList<>(out);
  }

  public List<Integer> versions(String subject, boolean includeDeleted) throws RegistryException {
    List<Integer> out = new ArrayList<>();
    for (SchemaVersion v : existing(subject).values()) {
      if (includeDeleted || !v.deleted()) {
        out.add(v.version());
      }
    }
    if (out.isEmpty()) {
      throw new RegistryException.SubjectNotFound("Subject '" + subject + "' not found");
    }
    return out;
  }

  public SchemaMetadata version(String subject, int version, boolean includeDeleted) throws RegistryException {
    if (version <= 0) {
      throw new RegistryException.InvalidVersion("The specified version '" + version + "' is not a valid version id");
    }
    NavigableMap<Integer, SchemaVersion> versions = live(subject, includeDeleted);
    SchemaVersion v = versions.get(version);
    if (v == null || (v.deleted() && !includeDeleted)) {
      throw new RegistryException.VersionNotFound("Version " + version + " not found for subject '" + subject + "'");
    }
    return meta(v);
  }

  public SchemaMetadata latest(String subject) throws RegistryException {
    NavigableMap<Integer, SchemaVersion> versions = live(subject, false);
    for (SchemaVersion v : versions.descendingMap().values()) {
      if (!v.deleted()) {
        return meta(v);
      }
    }
    throw new RegistryException.SubjectNotFound("Subject '" + subject + "' not found");
  }

  /** The version of {@code subject} holding exactly {@code schema}. */
  public SchemaMetadata lookup(String subject, Schema schema, boolean includeDeleted) throws RegistryException {
    NavigableMap<Integer, SchemaVersion> versions = live(subject, includeDeleted);
    Integer id = idByCanonical.get(canonical(schema));
    if (id != null) {
      for (SchemaVersion v : versions.values()) {
        if (v.id() == id && (includeDeleted || !v.deleted())) {
          return meta(v);
        }
      }
    }
    throw new RegistryException.SchemaNotFound("Schema not found under subject '" + subject + "'");
  }

  public CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  /** The subject's own level, or null if it has none. */
  public CompatibilityLevel subjectLevel(String subject) {
    return subjectLevels.get(subject);
  }

  public CompatibilityLevel effectiveLevel(String subject) {
    CompatibilityLevel own = subject == null ? null : subjectLevels.get(subject);
    return own != null ? own : globalLevel;
  }

  /** Incompatibilities of {@code schema} against the subject's live versions (empty = compatible). */
  public List<String> incompatibilities(String subject, Schema schema) {
    return AvroCompatibility.check(effectiveLevel(subject), schema, liveSchemas(subject));
  }

  /** Incompatibilities of {@code schema} as reader/writer against one version only (Confluent's /compatibility/.../versions/{v}). */
  public List<String> incompatibilitiesWithVersion(String subject, Schema schema, int version) throws RegistryException {
    SchemaMetadata m = version(subject, version, false);
    CompatibilityLevel level = effectiveLevel(subject);
    return AvroCompatibility.check(level, schema, List.of(schemaById(m.id())));
  }

  private List<Schema> liveSchemas(String subject) {
    List<Schema> out = new ArrayList<>();
    NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
    if (versions != null) {
      for (SchemaVersion v : versions.values()) {
        if (!v.deleted()) {
          out.add(schemasById.get(v.id()));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- planning

  /**
   * Plans registering {@code schema} under {@code subject}.
   *
   * @return the record to write, or null when the schema is already live under the subject
   */
  public SchemaVersion planRegister(String subject, Schema schema) throws RegistryException {
    checkSubject(subject);
    String text = canonical(schema);
    Integer existingId = idByCanonical.get(text);
    NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
    if (existingId != null && versions != null) {
      for (SchemaVersion v : versions.values()) {
        if (!v.deleted() && v.id() == existingId) {
          return null;
        }
      }
    }
    List<String> problems = incompatibilities(subject, schema);
    if (!problems.isEmpty()) {
      throw new RegistryException.IncompatibleSchema("Schema being registered is incompatible with an earlier schema for subject '"
          + subject + "' (" + effectiveLevel(subject) + "): " + String.join("; ", problems));
    }
    int id = existingId != null ? existingId : maxId + 1;
    int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    return new SchemaVersion(subject, version, id, text, false);
  }

  /** Id of an already registered version, after {@link #planRegister} returned null. */
  public int idOf(Schema schema) throws RegistryException {
    Integer id = idByCanonical.get(canonical(schema));
    if (id == null) {
      throw new RegistryException.SchemaNotFound("Schema not found");
    }
    return id;
  }

  /** Plans a subject deletion: soft rewrites each live version as deleted, permanent tombstones all. */
  public List<RegistryRecord> planDeleteSubject(String subject, boolean permanent) throws RegistryException {
    NavigableMap<Integer, SchemaVersion> versions = existing(subject);
    List<RegistryRecord> out = new ArrayList<>();
    boolean anyLive = versions.values().stream().anyMatch(v -> !v.deleted());
    if (permanent) {
      if (anyLive) {
        throw new RegistryException.SubjectNotSoftDeleted("Subject '" + subject + "' was not deleted first before being permanently deleted");
      }
      for (SchemaVersion v : versions.values()) {
        out.add(new VersionTombstone(subject, v.version()));
      }
      if (subjectLevels.containsKey(subject)) {
        out.add(new Config(subject, null));
      }
    } else {
      if (!anyLive) {
        throw new RegistryException.SubjectSoftDeleted("Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
      }
      for (SchemaVersion v : versions.values()) {
        if (!v.deleted()) {
          out.add(new SchemaVersion(subject, v.version(), v.id(), v.schema(), true));
        }
      }
    }
    return out;
  }

  /**
   * Soft-delete records for the live versions of {@code subject} up to {@code version}; empty if
   * none. For logs written by registries that record a subject deletion as one DELETE_SUBJECT entry.
   */
  public List<RegistryRecord> softDeleteUpTo(String subject, int version) {
    List<RegistryRecord> out = new ArrayList<>();
    NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
    if (versions != null) {
      for (SchemaVersion v : versions.headMap(version, true).values()) {
        if (!v.deleted()) {
          out.add(new SchemaVersion(subject, v.version(), v.id(), v.schema(), true));
        }
      }
    }
    return out;
  }

  /** The versions a subject deletion touches, in order. */
  public static List<Integer> deletedVersions(List<RegistryRecord> plan) {
    List<Integer> out = new ArrayList<>();
    for (RegistryRecord r : plan) {
      if (r instanceof SchemaVersion v) {
        out.add(v.version());
      } else if (r instanceof VersionTombstone t) {
        out.add(t.version());
      }
    }
    return out;
  }

  /** Plans deleting one version, soft or permanent. */
  public RegistryRecord planDeleteVersion(String subject, int version, boolean permanent) throws RegistryException {
    NavigableMap<Integer, SchemaVersion> versions = existing(subject);
    SchemaVersion v = versions.get(version);
    if (v == null) {
      throw new RegistryException.VersionNotFound("Version " + version + " not found for subject '" + subject + "'");
    }
    if (permanent) {
      if (!v.deleted()) {
        throw new RegistryException.VersionNotSoftDeleted("Subject '" + subject + "' Version " + version
            + " was not deleted first before being permanently deleted");
      }
      return new VersionTombstone(subject, version);
    }
    if (v.deleted()) {
      throw new RegistryException.VersionSoftDeleted("Subject '" + subject + "' Version " + version
          + " was soft deleted. Set permanent=true to delete permanently");
    }
    return new SchemaVersion(subject, version, v.id(), v.schema(), true);
  }

  // ---------------------------------------------------------------- helpers

  private NavigableMap<Integer, SchemaVersion> existing(String subject) throws RegistryException {
    NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new RegistryException.SubjectNotFound("Subject '" + subject + "' not found");
    }
    return versions;
  }

  private NavigableMap<Integer, SchemaVersion> live(String subject, boolean includeDeleted) throws RegistryException {
    NavigableMap<Integer, SchemaVersion> versions = existing(subject);
    if (!includeDeleted && versions.values().stream().allMatch(SchemaVersion::deleted)) {
      throw new RegistryException.SubjectNotFound("Subject '" + subject + "' not found");
    }
    return versions;
  }

  private static void checkSubject(String subject) throws RegistryException {
    if (subject == null || subject.isBlank()) {
      throw new RegistryException(422, 42208, "Subject must not be empty");
    }
  }

  private static SchemaMetadata meta(SchemaVersion v) {
    return new SchemaMetadata(v.subject(), v.version(), v.id(), v.schema());
  }
}
