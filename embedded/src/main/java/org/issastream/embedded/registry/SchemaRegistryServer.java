package org.issastream.embedded.registry;

import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.issastream.embedded.EmbeddedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-API schema registry (Avro) served by Jetty over a schema log on any Kafka cluster.
 * Confluent clients, the project's {@code RestSchemaRegistryClient} and tools such as
 * python-confluent-kafka work against it unchanged; supported endpoints are listed in
 * docs/registry.md. State lives only in the log topic, so a new instance over the same cluster
 * serves the same subjects, versions and ids.
 */
public final class SchemaRegistryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

  private final Server jetty;
  private final KafkaSchemaLog log;
  private final String url;
  private boolean closed;

  private SchemaRegistryServer(Server jetty, KafkaSchemaLog log, String url) {
    this.jetty = jetty;
    this.log = log;
    this.url = url;
  }

  /** Starts a registry with {@link SchemaRegistryServerConfig} keys. */
  public static SchemaRegistryServer start(Map<String, ?> config) throws EmbeddedException {
    return start(new SchemaRegistryServerConfig(config));
  }

  /** Reads the schema log to its end, then starts serving HTTP. */
  public static SchemaRegistryServer start(SchemaRegistryServerConfig config) throws EmbeddedException {
    long t0 = System.nanoTime();
    Duration timeout = Duration.ofMillis(config.getInt(SchemaRegistryServerConfig.TIMEOUT_MS));
    KafkaSchemaLog log = KafkaSchemaLog.open(config.getString(SchemaRegistryServerConfig.BOOTSTRAP_SERVERS),
        config.getString(SchemaRegistryServerConfig.TOPIC), config.compatibilityLevel(), config.clientOverrides(), timeout);
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("schema-registry-http");
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty, 1, 1);
    String host = config.getString(SchemaRegistryServerConfig.HOST);
    connector.setHost(host);
    connector.setPort(config.getInt(SchemaRegistryServerConfig.PORT));
    jetty.addConnector(connector);
    jetty.setHandler(new RegistryHandler(log, config.basicAuthUserInfo()));
    jetty.setStopTimeout(2000);
    try {
      jetty.start();
    } catch (Exception e) {
      log.close();
      try {
        jetty.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw new EmbeddedException("Cannot start the schema registry HTTP server on " + host + ":"
          + config.getInt(SchemaRegistryServerConfig.PORT) + ": " + e, e);
    }
    String url = "http://" + host + ":" + connector.getLocalPort();
    LOG.info("Schema registry up on {} (log {}) in {} ms", url, log.topic(), (System.nanoTime() - t0) / 1_000_000);
    return new SchemaRegistryServer(jetty, log, url);
  }

  /** Base URL, e.g. {@code http://localhost:8081}, for {@code schema.registry.url}. */
  public String url() {
    return url;
  }

  /** The topic holding the log. */
  public String topic() {
    return log.topic();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("Error stopping the registry HTTP server", e);
    }
    log.close();
  }
}
