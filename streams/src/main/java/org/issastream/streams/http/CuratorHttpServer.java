package org.issastream.streams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only HTTP endpoint of the curator (Jetty, bound to localhost by default):
 *
 * <ul>
 *   <li>{@code GET /health}: 200 when the stores can be queried, 503 otherwise; body has the state;
 *   <li>{@code GET /pool[?bucket=B][&codes=true]}: the entries this instance holds, by slot id;
 *       W+ bytes (base64) only with {@code codes=true};
 *   <li>{@code GET /pool/<bucket>/<index>}: one slot, 404 when empty;
 *   <li>{@code GET /buckets}: slots, entries and mean age per bucket;
 *   <li>{@code GET /metrics}: Prometheus text exposition.
 * </ul>
 */
public final class CuratorHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CuratorHttpServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  private final ServerConnector connector;

  /**
   * @param host bind address
   * @param port port, 0 for any free one
   * @param query the pool
   * @param prometheus scrape text supplier
   * @param clockMs wall clock for ages
   */
  public CuratorHttpServer(
      String host, int port, PoolQuery query, Supplier<String> prometheus, LongSupplier clockMs) {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("curator-http");
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Routes(query, prometheus, clockMs));
  }

  /** Starts listening; fails when the port is taken. */
  public CuratorHttpServer start() throws Exception {
    server.start();
    LOG.info("curator HTTP endpoint on http://{}:{}/", connector.getHost(), port());
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static final class Routes extends Handler.Abstract.NonBlocking {
    private final PoolQuery query;
    private final Supplier<String> prometheus;
    private final LongSupplier clockMs;

    Routes(PoolQuery query, Supplier<String> prometheus, LongSupplier clockMs) {
      this.query = query;
      this.prometheus = prometheus;
      this.clockMs = clockMs;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!"GET".equals(request.getMethod())) {
        return send(response, callback, 405, "text/plain", "GET only\n");
      }
      String path = request.getHttpURI().getPath();
      Map<String, String> params = params(request.getHttpURI().getQuery());
      try {
        if (path.equals("/health")) {
          ObjectNode n = JSON.createObjectNode().put("state", query.state()).put("ready", query.ready());
          return json(response, callback, query.ready() ? 200 : 503, n);
        }
        if (path.equals("/metrics")) {
          return send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
              prometheus.get());
        }
        if (!query.ready()) {
          return json(response, callback, 503,
              JSON.createObjectNode().put("error", "not ready").put("state", query.state()));
        }
        if (path.equals("/pool")) {
          return json(response, callback, 200, pool(params.get("bucket"),
              Boolean.parseBoolean(params.getOrDefault("codes", "false"))));
        }
        if (path.startsWith("/pool/")) {
          String slotId = URLDecoder.decode(path.substring("/pool/".length()), StandardCharsets.UTF_8);
          for (PoolEntry e : query.entries()) {
            if (e.getSlotId().equals(slotId)) {
              return json(response, callback, 200, entry(e, true));
            }
          }
          return json(response, callback, 404, JSON.createObjectNode().put("error", "empty slot " + slotId));
        }
        if (path.equals("/buckets")) {
          return json(response, callback, 200, buckets());
        }
        return json(response, callback, 404, JSON.createObjectNode().put("error", "no route " + path));
      } catch (RuntimeException e) {
        // e.g. InvalidStateStoreException during a rebalance: answer, do not kill the connection
        LOG.warn("query {} failed: {}", path, e.toString());
        return json(response, callback, 503, JSON.createObjectNode().put("error", e.toString()));
      }
    }

    private ObjectNode pool(String bucket, boolean codes) {
      List<PoolEntry> entries = query.entries().stream()
          .filter(e -> bucket == null || bucket.equals(e.getBucket()))
          .sorted(Comparator.comparing(PoolEntry::getBucket)
              .thenComparingInt(e -> index(e.getSlotId())))
          .toList();
      ObjectNode root = JSON.createObjectNode();
      root.put("size", entries.size());
      ArrayNode arr = root.putArray("entries");
      entries.forEach(e -> arr.add(entry(e, codes)));
      return root;
    }

    private ObjectNode buckets() {
      long now = clockMs.getAsLong();
      Map<String, long[]> acc = new TreeMap<>(); // entries, sum of ages
      query.quotas().keySet().forEach(b -> acc.put(b, new long[2]));
      for (PoolEntry e : query.entries()) {
        long[] a = acc.computeIfAbsent(e.getBucket(), b -> new long[2]);
        a[0]++;
        a[1] += Math.max(0, now - query.basisTimeMs(e));
      }
      ObjectNode root = JSON.createObjectNode();
      ArrayNode arr = root.putArray("buckets");
      long total = 0;
      for (Map.Entry<String, long[]> b : acc.entrySet()) {
        long[] a = b.getValue();
        total += a[0];
        arr.addObject()
            .put("bucket", b.getKey())
            .put("slots", query.quotas().getOrDefault(b.getKey(), 0))
            .put("entries", a[0])
            .put("meanAgeSeconds", a[0] == 0 ? 0.0 : a[1] / (double) a[0] / 1000.0);
      }
      root.put("entries", total);
      root.put("capacity", query.quotas().values().stream().mapToInt(Integer::intValue).sum());
      return root;
    }

    private static int index(String slotId) {
      int i = slotId.lastIndexOf('/');
      try {
        return Integer.parseInt(slotId.substring(i + 1));
      } catch (NumberFormatException e) {
        return Integer.MAX_VALUE;
      }
    }

    private static ObjectNode entry(PoolEntry e, boolean codes) {
      StyleCode s = e.getStyle();
      ObjectNode n = JSON.createObjectNode()
          .put("slotId", e.getSlotId())
          .put("bucket", e.getBucket())
          .put("imageId", s.getImageId())
          .put("origin", s.getOrigin().name())
          .put("codecId", s.getCodecId())
          .put("codecVersion", s.getCodecVersion())
          .put("weather", s.getConditions().getWeather().name())
          .put("timeOfDay", s.getConditions().getTimeOfDay().name())
          .put("place", s.getConditions().getPlace())
          .put("captureTimeMs", s.getCaptureTimeMs().toEpochMilli())
          .put("admittedTimeMs", e.getAdmittedTimeMs().toEpochMilli())
          .put("novelty", e.getNovelty());
      if (codes) {
        ByteBuffer b = s.getWPlus().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        n.put("numStyles", s.getNumStyles())
            .put("styleDim", s.getStyleDim())
            .put("dtype", s.getDtype().name())
            .put("wPlus", Base64.getEncoder().encodeToString(bytes));
      }
      return n;
    }

    private static Map<String, String> params(String query) {
      Map<String, String> m = new HashMap<>();
      if (query == null) {
        return m;
      }
      for (String kv : query.split("&")) {
        int i = kv.indexOf('=');
        String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
        String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
        m.put(k, v);
      }
      return m;
    }

    private static boolean json(Response response, Callback callback, int status, ObjectNode body) {
      try {
        return send(response, callback, status, "application/json",
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    private static boolean send(Response response, Callback callback, int status, String type, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
