package org.issastream.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's HTTP handling against a canned server: error mapping, auth, encoding, failover. */
class RestSchemaRegistryClientTest {
  private HttpServer server;
  private final AtomicReference<Integer> status = new AtomicReference<>(200);
  private final AtomicReference<String> body = new AtomicReference<>("{}");
  private final AtomicReference<String> lastPath = new AtomicReference<>();
  private final AtomicReference<String> lastAuth = new AtomicReference<>();
  private final AtomicReference<String> lastContentType = new AtomicReference<>();
  private final AtomicReference<String> lastBody = new AtomicReference<>();
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/", ex -> {
      lastPath.set(ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
      lastAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
      lastContentType.set(ex.getRequestHeaders().getFirst("Content-Type"));
      lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get(), b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    url = "http://localhost:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(int s, String b) {
    status.set(s);
    body.set(b);
  }

  private static Schema schema() {
    return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
  }

  @Test
  void errorBodiesMapToTypedExceptions() {
    RestSchemaRegistryClient c = new RestSchemaRegistryClient(url);
    Object[][] cases = {
        {404, 40401, RegistryException.SubjectNotFound.class},
        {404, 40402, RegistryException.VersionNotFound.class},
        {404, 40403, RegistryException.SchemaNotFound.class},
        {404, 40404, RegistryException.SubjectSoftDeleted.class},
        {404, 40405, RegistryException.SubjectNotSoftDeleted.class},
        {409, 409, RegistryException.IncompatibleSchema.class},
        {422, 42201, RegistryException.InvalidSchema.class},
        {422, 42202, RegistryException.InvalidVersion.class},
        {422, 42203, RegistryException.InvalidCompatibilityLevel.class},
        {401, 401, RegistryException.Unauthorized.class},
        {500, 50001, RegistryException.class},
    };
    for (Object[] k : cases) {
      answer((Integer) k[0], "{\"error_code\":" + k[1] + ",\"message\":\"msg " + k[1] + "\"}");
      RegistryException e = assertThrows(RegistryException.class, () -> c.getVersions("s"));
      assertEquals(k[2], e.getClass(), "code " + k[1]);
      assertEquals((int) (Integer) k[1], e.errorCode());
      assertEquals((int) (Integer) k[0], e.httpStatus());
      assertEquals("msg " + k[1], e.bareMessage());
    }
    answer(502, "<html>bad gateway</html>");
    RegistryException e = assertThrows(RegistryException.class, () -> c.getAllSubjects());
    assertEquals(502, e.errorCode());
    assertTrue(e.getMessage().contains("HTTP 502"), e.getMessage());
  }

  @Test
  void requestsUseConfluentPathsBodiesAndHeaders() throws Exception {
    RestSchemaRegistryClient c = new RestSchemaRegistryClient(List.of(url + "/"), "bob:pw", null, Duration.ofSeconds(5));
    answer(200, "{\"id\":42}");
    assertEquals(42, c.register("my topic/value", schema()));
    assertEquals("/subjects/my%20topic%2Fvalue/versions", lastPath.get());
    assertEquals("Basic Ym9iOnB3", lastAuth.get());
    assertEquals(RestSchemaRegistryClient.CONTENT_TYPE, lastContentType.get());
    assertEquals("{\"schema\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(schema().toString()) + "}", lastBody.get());

    answer(200, "{\"subject\":\"s\",\"version\":3,\"id\":42,\"schema\":" + quote(schema().toString()) + "}");
    assertEquals(new SchemaMetadata("s", 3, 42, schema().toString()), c.getLatestVersion("s"));
    assertEquals("/subjects/s/versions/latest", lastPath.get());

    answer(200, "{\"schema\":" + quote(schema().toString()) + "}");
    assertEquals(schema(), c.getSchemaById(42));
    answer(500, "{}");
    assertEquals(schema(), c.getSchemaById(42), "ids are immutable: served from cache");

    answer(200, "{\"is_compatible\":false}");
    assertEquals(false, c.testCompatibility("s", schema()));
    assertEquals("/compatibility/subjects/s/versions/latest", lastPath.get());
    answer(404, "{\"error_code\":40401,\"message\":\"no subject\"}");
    assertEquals(true, c.testCompatibility("s", schema()), "no versions yet: anything is compatible");

    answer(200, "{\"compatibilityLevel\":\"FULL\"}");
    assertEquals(CompatibilityLevel.FULL, c.getCompatibility("s"));
    assertEquals("/config/s?defaultToGlobal=true", lastPath.get());
    answer(200, "{\"compatibility\":\"NONE\"}");
    assertEquals(CompatibilityLevel.NONE, c.updateCompatibility(null, CompatibilityLevel.NONE));
    assertEquals("/config", lastPath.get());
    assertEquals("{\"compatibility\":\"NONE\"}", lastBody.get());

    answer(200, "[1,2]");
    assertEquals(List.of(1, 2), c.deleteSubject("s", true));
    assertEquals("/subjects/s?permanent=true", lastPath.get());
  }

  @Test
  void unreachableUrlsFailOverAndThenReportUnavailable() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    String dead = "http://localhost:" + deadPort;
    answer(200, "[\"a\"]");
    RestSchemaRegistryClient failover = new RestSchemaRegistryClient(List.of(dead, url), null, null, Duration.ofSeconds(5));
    assertEquals(List.of("a"), failover.getAllSubjects());
    RestSchemaRegistryClient none = new RestSchemaRegistryClient(List.of(dead), null, null, Duration.ofSeconds(5));
    RegistryException e = assertThrows(RegistryException.class, none::getAllSubjects);
    assertInstanceOf(RegistryException.Unavailable.class, e);
    assertEquals(RegistryException.UNAVAILABLE, e.errorCode());
  }

  private static String quote(String s) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
  }
}
