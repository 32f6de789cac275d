package org.issastream.streams.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.Origin;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.issastream.streams.testing.Codes;
import org.junit.jupiter.api.Test;

class CuratorHttpServerTest {

  static final long NOW = 1_000_000_000_000L;
  static final ObjectMapper JSON = new ObjectMapper();

  static PoolEntry entry(String slot, String bucket, String image, long ageMs) {
    ConditionTags t = Codes.tags(Weather.SNOW, TimeOfDay.DAY);
    return PoolEntry.newBuilder().setSlotId(slot).setBucket(bucket)
        .setStyle(Codes.code(image, "mini-v1", 1, 2, new float[] {1, 0}, Origin.FLEET, t, NOW - ageMs))
        .setAdmittedTimeMs(Instant.ofEpochMilli(NOW)).setNovelty(0.5).build();
  }

  static final class FakeQuery implements PoolQuery {
    boolean ready = true;
    List<PoolEntry> entries = List.of(
        entry("snow/10", "snow", "s10", 4000), entry("snow/2", "snow", "s2", 2000),
        entry("clear/0", "clear", "c0", 1000));

    public List<PoolEntry> entries() { return entries; }
    public Map<String, Integer> quotas() {
      Map<String, Integer> q = new LinkedHashMap<>();
      q.put("clear", 16);
      q.put("snow", 16);
      q.put("fog", 8);
      return q;
    }
    public long basisTimeMs(PoolEntry e) { return e.getStyle().getCaptureTimeMs().toEpochMilli(); }
    public String state() { return ready ? "RUNNING" : "REBALANCING"; }
    public boolean ready() { return ready; }
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPoolSlotsBucketsHealthAndMetrics() throws Exception {
    FakeQuery q = new FakeQuery();
    try (CuratorHttpServer server =
        new CuratorHttpServer("127.0.0.1", 0, q, () -> "issa_up 1\n", () -> NOW).start()) {
      int port = server.port();
      JsonNode pool = JSON.readTree(get(port, "/pool").body());
      assertEquals(3, pool.get("size").asInt());
      // ordered by bucket, then numeric slot index (2 before 10)
      assertEquals("clear/0", pool.get("entries").get(0).get("slotId").asText());
      assertEquals("snow/2", pool.get("entries").get(1).get("slotId").asText());
      assertFalse(pool.get("entries").get(0).has("wPlus"), "codes only on request");

      JsonNode snow = JSON.readTree(get(port, "/pool?bucket=snow&codes=true").body());
      assertEquals(2, snow.get("size").asInt());
      assertEquals("AACAPwAAAAA=", snow.get("entries").get(0).get("wPlus").asText()); // 1.0f, 0.0f LE

      assertEquals("s10", JSON.readTree(get(port, "/pool/snow/10").body()).get("imageId").asText());
      assertEquals(404, get(port, "/pool/snow/3").statusCode());

      JsonNode buckets = JSON.readTree(get(port, "/buckets").body());
      assertEquals(40, buckets.get("capacity").asInt());
      assertEquals(3, buckets.get("entries").asInt());
      JsonNode snowB = buckets.get("buckets").get(2); // clear, fog, snow (sorted)
      assertEquals("snow", snowB.get("bucket").asText());
      assertEquals(16, snowB.get("slots").asInt());
      assertEquals(3.0, snowB.get("meanAgeSeconds").asDouble(), 1e-9);
      assertEquals(0, buckets.get("buckets").get(1).get("entries").asInt());

      assertEquals("issa_up 1\n", get(port, "/metrics").body());
      assertEquals(200, get(port, "/health").statusCode());
      q.ready = false;
      assertEquals(503, get(port, "/health").statusCode());
      assertEquals(503, get(port, "/pool").statusCode());
      assertTrue(get(port, "/metrics").statusCode() == 200, "metrics stay up while rebalancing");
    }
  }
}
