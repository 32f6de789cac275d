package org.issastream.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The worker's HTTP endpoint (Jetty; localhost unless configured): {@code GET /metrics}
 * (Prometheus text), {@code /health} (200 while the loop runs without a fatal error),
 * {@code /ready} (200 only when the codec is warm and partitions are assigned).
 */
public final class WorkerHttpServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  public WorkerHttpServer(String host, int port, Supplier<String> prometheus, BooleanSupplier healthy,
      BooleanSupplier ready) {
    QueuedThreadPool threads = new QueuedThreadPool(6, 2);
    threads.setName("worker-http");
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        return switch (path) {
          case "/metrics" -> send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.get());
          case "/health" -> status(response, callback, healthy.getAsBoolean());
          case "/ready" -> status(response, callback, ready.getAsBoolean());
          default -> send(response, callback, 404, "text/plain", "not found: " + path + "\n");
        };
      }
    });
  }

  public WorkerHttpServer start() throws Exception {
    server.start();
    return this;
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String url() {
    return "http://" + connector.getHost() + ":" + port();
  }

  private static boolean status(Response response, Callback callback, boolean ok) {
    return send(response, callback, ok ? 200 : 503, "application/json",
        "{\"status\":\"" + (ok ? "UP" : "DOWN") + "\"}\n");
  }

  private static boolean send(Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
