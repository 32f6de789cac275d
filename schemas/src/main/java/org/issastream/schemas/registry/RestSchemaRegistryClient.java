package org.issastream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API ({@code java.net.http}).
 * Works against Confluent, Karapace, Apicurio's ccompat API, Redpanda and the project's embedded
 * registry. Several base URLs are tried in order when one cannot be reached. Schemas by id are cached
 * (ids are immutable); nothing else is, so reads always reflect the registry.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  /** Confluent's content type for requests and responses. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> baseUrls;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  /** A client of one URL, no auth, default TLS and a 30 s timeout. */
  public RestSchemaRegistryClient(String baseUrl) {
    this(List.of(baseUrl), null, null, Duration.ofSeconds(30));
  }

  /**
   * @param baseUrls registry base URLs, tried in order on connection failures
   * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
   * @param sslContext TLS context for https URLs, or null for the JVM default
   * @param timeout per-request timeout
   */
  public RestSchemaRegistryClient(List<String> baseUrls, String basicAuthUserInfo, SSLContext sslContext,
      Duration timeout) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one registry URL is required");
    }
    List<String> urls = new ArrayList<>();
    for (String u : baseUrls) {
      urls.add(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
    this.baseUrls = List.copyOf(urls);
    this.authorization = basicAuthUserInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    this.timeout = Objects.requireNonNull(timeout);
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
    if (sslContext != null) {
      b.sslContext(sslContext);
    }
    this.http = b.build();
  }

  public List<String> baseUrls() {
    return baseUrls;
  }

  @Override
  public int register(String subject, Schema schema) throws RegistryException {
    JsonNode r = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
    return r.path("id").asInt();
  }

  @Override
  public SchemaMetadata lookup(String subject, Schema schema) throws RegistryException {
    return meta(send("POST", "/subjects/" + enc(subject), schemaBody(schema)), subject);
  }

  @Override
  public Schema getSchemaById(int id) throws RegistryException {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode r = send("GET", "/schemas/ids/" + id, null);
    checkType(r);
    Schema s = RegistryState.parse(r.path("schema").asText());
    schemasById.put(id, s);
    return s;
  }

  /** Subjects holding schema id {@code id}. */
  public List<String> getSubjectsById(int id) throws RegistryException {
    return strings(send("GET", "/schemas/ids/" + id + "/subjects", null));
  }

  @Override
  public List<String> getAllSubjects() throws RegistryException {
    return strings(send("GET", "/subjects", null));
  }

  @Override
  public List<Integer> getVersions(String subject) throws RegistryException {
    return ints(send("GET", "/subjects/" + enc(subject) + "/versions", null));
  }

  @Override
  public SchemaMetadata getVersion(String subject, int version) throws RegistryException {
    return meta(send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null), subject);
  }

  @Override
  public SchemaMetadata getLatestVersion(String subject) throws RegistryException {
    return meta(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null), subject);
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) throws RegistryException {
    try {
      JsonNode r = send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema));
      return r.path("is_compatible").asBoolean(false);
    } catch (RegistryException.SubjectNotFound | RegistryException.VersionNotFound e) {
      return true; // nothing registered yet: any schema is compatible
    }
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) throws RegistryException {
    String path = subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true";
    JsonNode r = send("GET", path, null);
    String level = r.hasNonNull("compatibilityLevel") ? r.get("compatibilityLevel").asText() : r.path("compatibility").asText();
    return CompatibilityLevel.parse(level);
  }

  @Override
  public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) throws RegistryException {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    JsonNode r = send("PUT", subject == null ? "/config" : "/config/" + enc(subject), body);
    return CompatibilityLevel.parse(r.path("compatibility").asText(level.name()));
  }

  @Override
  public List<Integer> deleteSubject(String subject, boolean permanent) throws RegistryException {
    return ints(send("DELETE", "/subjects/" + enc(subject) + (permanent ? "?permanent=true" : ""), null));
  }

  @Override
  public int deleteVersion(String subject, int version, boolean permanent) throws RegistryException {
    JsonNode r = send("DELETE", "/subjects/" + enc(subject) + "/versions/" + version
        + (permanent ? "?permanent=true" : ""), null);
    return r.asInt();
  }

  // ---------------------------------------------------------------- HTTP

  private JsonNode send(String method, String path, JsonNode body) throws RegistryException {
    RegistryException.Unavailable last = null;
    for (String base : baseUrls) {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(timeout)
          .header("Accept", CONTENT_TYPE + ", application/json");
      if (authorization != null) {
        req.header("Authorization", authorization);
      }
      if (body == null) {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        req.header("Content-Type", CONTENT_TYPE);
        req.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
      }
      HttpResponse<String> resp;
      try {
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        last = new RegistryException.Unavailable("Registry " + base + " unreachable for " + method + " " + path + ": " + e, e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException.Unavailable("Interrupted during " + method + " " + base + path, e);
      }
      return parse(resp, method, base + path);
    }
    throw last;
  }

  private static JsonNode parse(HttpResponse<String> resp, String method, String url) throws RegistryException {
    int status = resp.statusCode();
    JsonNode json;
    try {
      json = resp.body() == null || resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body());
    } catch (IOException e) {
      if (status >= 200 && status < 300) {
        throw new RegistryException.Unavailable("Registry answered " + method + " " + url + " with non-JSON body", e);
      }
      json = JSON.nullNode();
    }
    if (status >= 200 && status < 300) {
      return json;
    }
    int code = json.path("error_code").asInt(status);
    String message = json.path("message").asText(null);
    if (message == null) {
      message = "HTTP " + status + " from " + method + " " + url;
    }
    throw RegistryException.fromResponse(status, code, message);
  }

  private static ObjectNode schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private static void checkType(JsonNode r) throws RegistryException {
    String type = r.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new RegistryException.InvalidSchema("Schema type " + type + " is not supported (Avro only)");
    }
  }

  private SchemaMetadata meta(JsonNode r, String subject) throws RegistryException {
    checkType(r);
    return new SchemaMetadata(r.path("subject").asText(subject), r.path("version").asInt(), r.path("id").asInt(),
        r.path("schema").asText());
  }

  private static List<String> strings(JsonNode r) {
    List<String> out = new ArrayList<>();
    r.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Integer> ints(JsonNode r) {
    List<Integer> out = new ArrayList<>();
    r.forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() on Java 17; its threads end when it is unreachable.
  }
}
