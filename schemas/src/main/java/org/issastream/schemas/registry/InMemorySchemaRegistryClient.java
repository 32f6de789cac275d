package org.issastream.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in this JVM, with the same rules as the embedded server (it runs the same
 * {@link RegistryState}). For unit and {@code TopologyTestDriver} tests: either pass an instance to a
 * serde directly, or configure {@code schema.registry.url=mock://SCOPE} and every serde of that scope
 * shares one registry, like Confluent's {@code mock://} URLs. Drop a scope with {@link #dropScope}.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
  /** URL scheme that selects a scoped in-memory registry. */
  public static final String MOCK_SCHEME = "mock://";

  // Test-only registry of named scopes, mirroring Confluent's MockSchemaRegistry; production code
  // never reaches it because only mock:// URLs resolve here.
  private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

  private final RegistryState state;

  public InMemorySchemaRegistryClient() {
    this(CompatibilityLevel.BACKWARD);
  }

  public InMemorySchemaRegistryClient(CompatibilityLevel globalLevel) {
    this.state = new RegistryState(globalLevel);
  }

  /** The shared registry of a {@code mock://} scope, created on first use. */
  public static InMemorySchemaRegistryClient forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
  }

  /** Forgets a scope so that the next {@link #forScope} starts empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) throws RegistryException {
    RegistryRecord.SchemaVersion record = state.planRegister(subject, schema);
    if (record == null) {
      return state.idOf(schema);
    }
    state.apply(record);
    return record.id();
  }

  @Override
  public synchronized SchemaMetadata lookup(String subject, Schema schema) throws RegistryException {
    return state.lookup(subject, schema, false);
  }

  @Override
  public synchronized Schema getSchemaById(int id) throws RegistryException {
    return state.schemaById(id);
  }

  @Override
  public synchronized List<String> getAllSubjects() {
    return state.subjects(false);
  }

  @Override
  public synchronized List<Integer> getVersions(String subject) throws RegistryException {
    return state.versions(subject, false);
  }

  @Override
  public synchronized SchemaMetadata getVersion(String subject, int version) throws RegistryException {
    return state.version(subject, version, false);
  }

  @Override
  public synchronized SchemaMetadata getLatestVersion(String subject) throws RegistryException {
    return state.latest(subject);
  }

  @Override
  public synchronized boolean testCompatibility(String subject, Schema schema) {
    return state.incompatibilities(subject, schema).isEmpty();
  }

  @Override
  public synchronized CompatibilityLevel getCompatibility(String subject) {
    return state.effectiveLevel(subject);
  }

  @Override
  public synchronized CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
    state.apply(new RegistryRecord.Config(subject, level));
    return level;
  }

  @Override
  public synchronized List<Integer> deleteSubject(String subject, boolean permanent) throws RegistryException {
    List<RegistryRecord> plan = state.planDeleteSubject(subject, permanent);
    plan.forEach(state::apply);
    return RegistryState.deletedVersions(plan);
  }

  @Override
  public synchronized int deleteVersion(String subject, int version, boolean permanent) throws RegistryException {
    state.apply(state.planDeleteVersion(subject, version, permanent));
    return version;
  }
}
