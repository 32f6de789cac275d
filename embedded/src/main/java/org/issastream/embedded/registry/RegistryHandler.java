package org.issastream.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.issastream.schemas.registry.CompatibilityLevel;
import org.issastream.schemas.registry.RegistryException;
import org.issastream.schemas.registry.RegistryRecord;
import org.issastream.schemas.registry.RegistryState;
import org.issastream.schemas.registry.SchemaMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API (Avro subset) over a {@link KafkaSchemaLog}. Responses use
 * {@code application/vnd.schemaregistry.v1+json} and errors Confluent's
 * {@code {"error_code":..,"message":..}} bodies.
 */
final class RegistryHandler extends Handler.Abstract {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Pattern SUBJECTS = Pattern.compile("/subjects/?");
  private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)/?");
  private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions/?");
  private static final Pattern SUBJECT_VERSION = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)/?");
  private static final Pattern SUBJECT_VERSION_SCHEMA = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)/schema/?");
  private static final Pattern SUBJECT_VERSION_REFERENCED_BY = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)/referencedby/?");
  private static final Pattern SCHEMA_ID = Pattern.compile("/schemas/ids/(-?\\d+)/?");
  private static final Pattern SCHEMA_ID_SCHEMA = Pattern.compile("/schemas/ids/(-?\\d+)/schema/?");
  private static final Pattern SCHEMA_ID_SUBJECTS = Pattern.compile("/schemas/ids/(-?\\d+)/subjects/?");
  private static final Pattern SCHEMA_ID_VERSIONS = Pattern.compile("/schemas/ids/(-?\\d+)/versions/?");
  private static final Pattern SCHEMA_TYPES = Pattern.compile("/schemas/types/?");
  private static final Pattern COMPAT_VERSION = Pattern.compile("/compatibility/subjects/([^/]+)/versions/([^/]+)/?");
  private static final Pattern COMPAT_ALL = Pattern.compile("/compatibility/subjects/([^/]+)/versions/?");
  private static final Pattern CONFIG = Pattern.compile("/config/?");
  private static final Pattern CONFIG_SUBJECT = Pattern.compile("/config/([^/]+)/?");
  private static final Pattern MODE = Pattern.compile("/mode(/[^/]+)?/?");

  private final KafkaSchemaLog log;
  private final byte[] expectedAuth;

  RegistryHandler(KafkaSchemaLog log, String basicAuthUserInfo) {
    this.log = log;
    this.expectedAuth = basicAuthUserInfo == null ? null
        : ("Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
  }

  /** An HTTP answer: status and JSON (or a raw string for the /schema endpoints). */
  private record Answer(int status, Object body) {
    static Answer ok(Object body) {
      return new Answer(200, body);
    }
  }

  /** A client error outside the registry's own codes (bad JSON, unknown route). */
  private static final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Answer answer;
    try {
      if (!authorized(request)) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"schema-registry\"");
        answer = new Answer(401, error(401, "Unauthorized"));
      } else {
        String body = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod())
            ? Content.Source.asString(request, StandardCharsets.UTF_8) : "";
        answer = route(request.getMethod(), Request.getPathInContext(request), Request.extractQueryParameters(request), body);
      }
    } catch (RegistryException e) {
      answer = new Answer(e.httpStatus(), error(e.errorCode(), e.bareMessage()));
    } catch (HttpError e) {
      answer = new Answer(e.status, error(e.status, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("Error serving {} {}", request.getMethod(), request.getHttpURI(), e);
      answer = new Answer(500, error(50001, "Error in the backend data store: " + e));
    }
    byte[] bytes = answer.body() instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
        : JSON.writeValueAsBytes(answer.body());
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.body() instanceof String ? "text/plain; charset=utf-8" : CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }

  private boolean authorized(Request request) {
    if (expectedAuth == null) {
      return true;
    }
    String got = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    return got != null && MessageDigest.isEqual(expectedAuth, got.getBytes(StandardCharsets.UTF_8));
  }

  private Answer route(String method, String path, Fields query, String body) throws RegistryException, HttpError {
    boolean deleted = flag(query, "deleted");
    boolean permanent = flag(query, "permanent");
    Matcher m;
    if (path.equals("/") || path.isEmpty()) {
      return Answer.ok(NODES.objectNode());
    }
    if ((m = SUBJECTS.matcher(path)).matches()) {
      requireMethod(method, "GET");
      return Answer.ok(strings(log.read(s -> s.subjects(deleted))));
    }
    if ((m = SUBJECT_VERSION_SCHEMA.matcher(path)).matches()) {
      requireMethod(method, "GET");
      String subject = m.group(1);
      String v = m.group(2);
      return Answer.ok(log.read(s -> version(s, subject, v, deleted)).schema());
    }
    if ((m = SUBJECT_VERSION_REFERENCED_BY.matcher(path)).matches()) {
      requireMethod(method, "GET");
      String subject = m.group(1);
      String v = m.group(2);
      log.read(s -> version(s, subject, v, deleted));
      return Answer.ok(NODES.arrayNode()); // schema references are not supported, so nothing refers
    }
    if ((m = SUBJECT_VERSION.matcher(path)).matches()) {
      String subject = m.group(1);
      String v = m.group(2);
      if ("GET".equals(method)) {
        return Answer.ok(metaJson(log.read(s -> version(s, subject, v, deleted))));
      }
      requireMethod(method, "DELETE");
      int version = log.read(s -> version(s, subject, v, true)).version();
      int deletedVersion = log.write(s ->
          new KafkaSchemaLog.Plan<>(List.of(s.planDeleteVersion(subject, version, permanent)), version));
      return Answer.ok(NODES.numberNode(deletedVersion));
    }
    if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
      String subject = m.group(1);
      if ("GET".equals(method)) {
        return Answer.ok(ints(log.read(s -> s.versions(subject, deleted))));
      }
      requireMethod(method, "POST");
      Schema schema = schemaFrom(body);
      int id = log.write(s -> {
        RegistryRecord.SchemaVersion rec = s.planRegister(subject, schema);
        return rec == null ? new KafkaSchemaLog.Plan<>(List.of(), s.idOf(schema))
            : new KafkaSchemaLog.Plan<>(List.of(rec), rec.id());
      });
      return Answer.ok(NODES.objectNode().put("id", id));
    }
    if ((m = SUBJECT.matcher(path)).matches()) {
      String subject = m.group(1);
      if ("POST".equals(method)) {
        Schema schema = schemaFrom(body);
        return Answer.ok(metaJson(log.read(s -> s.lookup(subject, schema, deleted))));
      }
      requireMethod(method, "DELETE");
      List<Integer> versions = log.write(s -> {
        List<RegistryRecord> plan = s.planDeleteSubject(subject, permanent);
        return new KafkaSchemaLog.Plan<>(plan, RegistryState.deletedVersions(plan));
      });
      return Answer.ok(ints(versions));
    }
    if ((m = SCHEMA_ID_SCHEMA.matcher(path)).matches()) {
      requireMethod(method, "GET");
      int id = Integer.parseInt(m.group(1));
      return Answer.ok(log.read(s -> s.schemaById(id)).toString());
    }
    if ((m = SCHEMA_ID_SUBJECTS.matcher(path)).matches()) {
      requireMethod(method, "GET");
      int id = Integer.parseInt(m.group(1));
      return Answer.ok(strings(log.read(s -> s.subjectsForId(id))));
    }
    if ((m = SCHEMA_ID_VERSIONS.matcher(path)).matches()) {
      requireMethod(method, "GET");
      int id = Integer.parseInt(m.group(1));
      return Answer.ok(log.read(s -> {
        ArrayNode out = NODES.arrayNode();
        for (String subject : s.subjectsForId(id)) {
          for (int v : s.versions(subject, false)) {
            if (s.version(subject, v, false).id() == id) {
              out.add(NODES.objectNode().put("subject", subject).put("version", v));
            }
          }
        }
        return out;
      }));
    }
    if ((m = SCHEMA_ID.matcher(path)).matches()) {
      requireMethod(method, "GET");
      int id = Integer.parseInt(m.group(1));
      return Answer.ok(NODES.objectNode().put("schema", log.read(s -> s.schemaById(id)).toString()));
    }
    if (SCHEMA_TYPES.matcher(path).matches()) {
      requireMethod(method, "GET");
      return Answer.ok(strings(List.of("AVRO")));
    }
    if ((m = COMPAT_VERSION.matcher(path)).matches()) {
      requireMethod(method, "POST");
      String subject = m.group(1);
      String v = m.group(2);
      Schema schema = schemaFrom(body);
      List<String> problems = log.read(s -> {
        if (isLatest(v) && s.subjects(false).stream().noneMatch(subject::equals)) {
          return List.of(); // nothing registered yet: compatible
        }
        return s.incompatibilitiesWithVersion(subject, schema, version(s, subject, v, false).version());
      });
      return Answer.ok(compatJson(problems, flag(query, "verbose")));
    }
    if ((m = COMPAT_ALL.matcher(path)).matches()) {
      requireMethod(method, "POST");
      String subject = m.group(1);
      Schema schema = schemaFrom(body);
      return Answer.ok(compatJson(log.read(s -> s.incompatibilities(subject, schema)), flag(query, "verbose")));
    }
    if (CONFIG.matcher(path).matches()) {
      if ("GET".equals(method)) {
        return Answer.ok(NODES.objectNode().put("compatibilityLevel", log.read(RegistryState::globalLevel).name()));
      }
      requireMethod(method, "PUT");
      CompatibilityLevel level = levelFrom(body);
      log.write(s -> new KafkaSchemaLog.Plan<>(List.of(new RegistryRecord.Config(null, level)), level));
      return Answer.ok(NODES.objectNode().put("compatibility", level.name()));
    }
    if ((m = CONFIG_SUBJECT.matcher(path)).matches()) {
      String subject = m.group(1);
      if ("GET".equals(method)) {
        boolean defaultToGlobal = flag(query, "defaultToGlobal");
        CompatibilityLevel level = log.read(s -> {
          CompatibilityLevel own = s.subjectLevel(subject);
          if (own == null && !defaultToGlobal) {
            throw new RegistryException.SubjectLevelCompatibilityNotConfigured(
                "Subject '" + subject + "' does not have subject-level compatibility configured");
          }
          return own == null ? s.globalLevel() : own;
        });
        return Answer.ok(NODES.objectNode().put("compatibilityLevel", level.name()));
      }
      if ("DELETE".equals(method)) {
        CompatibilityLevel previous = log.write(s -> {
          CompatibilityLevel own = s.subjectLevel(subject);
          if (own == null) {
            throw new RegistryException.SubjectNotFound("Subject '" + subject + "' not found");
          }
          return new KafkaSchemaLog.Plan<>(List.of(new RegistryRecord.Config(subject, null)), own);
        });
        return Answer.ok(NODES.objectNode().put("compatibilityLevel", previous.name()));
      }
      requireMethod(method, "PUT");
      CompatibilityLevel level = levelFrom(body);
      log.write(s -> new KafkaSchemaLog.Plan<>(List.of(new RegistryRecord.Config(subject, level)), level));
      return Answer.ok(NODES.objectNode().put("compatibility", level.name()));
    }
    if (MODE.matcher(path).matches()) {
      requireMethod(method, "GET");
      return Answer.ok(NODES.objectNode().put("mode", "READWRITE"));
    }
    throw new HttpError(404, "HTTP 404 Not Found");
  }

  // ---------------------------------------------------------------- helpers

  private static SchemaMetadata version(RegistryState s, String subject, String v, boolean deleted) throws RegistryException {
    if (isLatest(v)) {
      if (deleted) {
        List<Integer> all = s.versions(subject, true);
        return s.version(subject, all.get(all.size() - 1), true);
      }
      return s.latest(subject);
    }
    int version;
    try {
      version = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new RegistryException.InvalidVersion("The specified version '" + v + "' is not a valid version id. "
          + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
    return s.version(subject, version, deleted);
  }

  private static boolean isLatest(String v) {
    return "latest".equals(v) || "-1".equals(v);
  }

  private static Schema schemaFrom(String body) throws RegistryException, HttpError {
    JsonNode n = json(body);
    String type = n.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw new RegistryException.InvalidSchema("Schema type " + type + " is not supported; this registry serves AVRO only");
    }
    if (n.path("references").size() > 0) {
      throw new RegistryException.InvalidSchema("Schema references are not supported by this registry");
    }
    JsonNode schema = n.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new RegistryException.InvalidSchema("Invalid schema: the request needs a \"schema\" string");
    }
    return RegistryState.parse(schema.asText());
  }

  private static CompatibilityLevel levelFrom(String body) throws RegistryException, HttpError {
    JsonNode n = json(body);
    JsonNode level = n.hasNonNull("compatibility") ? n.get("compatibility") : n.get("compatibilityLevel");
    return CompatibilityLevel.parse(level == null ? null : level.asText());
  }

  private static JsonNode json(String body) throws HttpError {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new HttpError(400, "Request body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "Malformed JSON request body: " + e.getOriginalMessage());
    }
  }

  private static void requireMethod(String method, String expected) throws HttpError {
    if (!expected.equals(method)) {
      throw new HttpError(405, "HTTP 405 Method Not Allowed");
    }
  }

  private static boolean flag(Fields query, String name) {
    return "true".equalsIgnoreCase(query.getValue(name));
  }

  private static ObjectNode metaJson(SchemaMetadata m) {
    return NODES.objectNode().put("subject", m.subject()).put("version", m.version()).put("id", m.id())
        .put("schema", m.schema());
  }

  private static ObjectNode compatJson(List<String> problems, boolean verbose) {
    ObjectNode n = NODES.objectNode().put("is_compatible", problems.isEmpty());
    if (verbose) {
      ArrayNode messages = n.putArray("messages");
      problems.forEach(messages::add);
    }
    return n;
  }

  private static ObjectNode error(int code, String message) {
    return NODES.objectNode().put("error_code", code).put("message", message);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static ArrayNode ints(List<Integer> values) {
    ArrayNode a = NODES.arrayNode();
    new ArrayList<>(values).forEach(a::add);
    return a;
  }
}
