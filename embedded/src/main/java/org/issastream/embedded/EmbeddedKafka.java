package org.issastream.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft process acting as broker and controller,
 * started from the Kafka server jars ({@link KafkaRaftServer}). Clients connect to
 * {@link #bootstrapServers()} with any standard Kafka client.
 *
 * <p>Single-node overrides are applied (replication factor 1 for internal topics, min ISR 1), since
 * without them Kafka Streams and transactions wait forever for replicas that never come. Records up
 * to {@code max.message.bytes} (16 MiB by default) are accepted; clients must raise
 * {@code max.request.size} and {@code max.partition.fetch.bytes} to match.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of())) {
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final int BIND_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean temporary;
  private final String bootstrapServers;
  private final String clusterId;
  private final int maxMessageBytes;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path dataDir, boolean temporary, String bootstrapServers,
      String clusterId, int maxMessageBytes) {
    this.server = server;
    this.dataDir = dataDir;
    this.temporary = temporary;
    this.bootstrapServers = bootstrapServers;
    this.clusterId = clusterId;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Starts a broker with {@link EmbeddedKafkaConfig} keys from {@code config}; returns when it serves. */
  public static EmbeddedKafka start(Map<String, ?> config) throws EmbeddedException {
    return start(new EmbeddedKafkaConfig(config));
  }

  /** Starts a broker; returns when it answers metadata requests. */
  public static EmbeddedKafka start(EmbeddedKafkaConfig config) throws EmbeddedException {
    boolean randomPorts = config.getInt(EmbeddedKafkaConfig.BROKER_PORT) == 0
        || config.getInt(EmbeddedKafkaConfig.CONTROLLER_PORT) == 0;
    EmbeddedException last = null;
    // Free ports are probed then released before the broker binds them; another process may take one
    // in between, so random-port starts retry on a bind failure.
    for (int attempt = 1; attempt <= (randomPorts ? BIND_ATTEMPTS : 1); attempt++) {
      try {
        return startOnce(config);
      } catch (EmbeddedException e) {
        if (!(rootCause(e) instanceof BindException)) {
          throw e;
        }
        last = e;
        LOG.warn("Port taken while starting the embedded broker (attempt {}), retrying", attempt);
      }
    }
    throw last;
  }

  private static EmbeddedKafka startOnce(EmbeddedKafkaConfig config) throws EmbeddedException {
    long t0 = System.nanoTime();
    String host = config.getString(EmbeddedKafkaConfig.HOST);
    int brokerPort = port(config.getInt(EmbeddedKafkaConfig.BROKER_PORT), host);
    int controllerPort = port(config.getInt(EmbeddedKafkaConfig.CONTROLLER_PORT), host);
    String dirSetting = config.getString(EmbeddedKafkaConfig.DATA_DIR);
    boolean temporary = dirSetting == null || dirSetting.isBlank();
    Path dir;
    try {
      dir = temporary ? Files.createTempDirectory("issa-kafka-") : Files.createDirectories(Path.of(dirSetting));
    } catch (IOException e) {
      throw new EmbeddedException("Cannot create the Kafka data directory " + dirSetting, e);
    }
    int maxMessageBytes = config.getInt(EmbeddedKafkaConfig.MAX_MESSAGE_BYTES);

    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dir.toString());
    props.put("num.partitions", String.valueOf(config.getInt(EmbeddedKafkaConfig.NUM_PARTITIONS)));
    // single node: internal topics cannot have more than one replica
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "true");
    // large records (images)
    props.put("message.max.bytes", String.valueOf(maxMessageBytes));
    props.put("replica.fetch.max.bytes", String.valueOf(maxMessageBytes));
    props.put("socket.request.max.bytes", String.valueOf(Math.max(104857600, 2 * maxMessageBytes)));
    // small footprint on a 2-core machine
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    props.put("num.recovery.threads.per.data.dir", "1");
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    props.put("log.cleaner.threads", "1");
    props.put("log.cleaner.backoff.ms", "1000");
    props.put("controlled.shutdown.enable", "true");
    props.put("server.max.startup.time.ms", String.valueOf(config.getLong(EmbeddedKafkaConfig.STARTUP_TIMEOUT_MS)));
    config.brokerOverrides().forEach((k, v) -> props.put(k, String.valueOf(v)));

    KafkaConfig kafkaConfig;
    try {
      kafkaConfig = new KafkaConfig(props, false);
    } catch (RuntimeException e) {
      cleanup(dir, temporary);
      throw new EmbeddedException("Invalid embedded broker configuration: " + e.getMessage(), e);
    }

    String clusterId;
    try {
      clusterId = format(dir);
    } catch (Exception e) {
      cleanup(dir, temporary);
      throw new EmbeddedException("Cannot format the KRaft storage in " + dir, e);
    }

    KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
    String bootstrap = host + ":" + brokerPort;
    try {
      server.startup();
      awaitReady(bootstrap, config.getLong(EmbeddedKafkaConfig.STARTUP_TIMEOUT_MS));
    } catch (Exception e) {
      shutdownQuietly(server, e);
      cleanup(dir, temporary);
      throw new EmbeddedException("Embedded Kafka broker did not start on " + bootstrap + ": " + e.getMessage(), e);
    }
    LOG.info("Embedded Kafka {} (cluster {}) up on {} in {} ms, data in {}", kafkaVersion(), clusterId, bootstrap,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dir);
    return new EmbeddedKafka(server, dir, temporary, bootstrap, clusterId, maxMessageBytes);
  }

  /** Formats the storage directory unless it already is formatted; returns the cluster id. */
  private static String format(Path dir) throws Exception {
    Path meta = dir.resolve("meta.properties");
    if (Files.exists(meta)) {
      Properties p = new Properties();
      try (var in = Files.newInputStream(meta)) {
        p.load(in);
      }
      return p.getProperty("cluster.id");
    }
    String clusterId = Uuid.randomUuid().toString();
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(clusterId)
        .setDirectories(List.of(dir.toString()))
        .setMetadataLogDirectory(dir.toString())
        .setControllerListenerName("CONTROLLER")
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
    return clusterId;
  }

  private static void awaitReady(String bootstrap, long timeoutMs) throws Exception {
    Map<String, Object> adminProps = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try (Admin admin = Admin.create(adminProps)) {
      while (true) {
        try {
          int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get().size();
          if (nodes > 0) {
            return;
          }
        } catch (ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("broker did not report itself within " + timeoutMs + " ms");
        }
        Thread.sleep(50);
      }
    }
  }

  private static int port(int configured, String host) throws EmbeddedException {
    if (configured != 0) {
      return configured;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedException("Cannot find a free port on " + host, e);
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String clusterId() {
    return clusterId;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The broker's {@code message.max.bytes}. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Base properties for a client of this broker: bootstrap servers and matching large-message limits. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrapServers);
    return p;
  }

  /** Shuts the broker down (controlled) and deletes a temporary data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    shutdownQuietly(server, null);
    cleanup(dataDir, temporary);
    LOG.info("Embedded Kafka on {} stopped in {} ms", bootstrapServers,
        Duration.ofNanos(System.nanoTime() - t0).toMillis());
  }

  private static void shutdownQuietly(KafkaRaftServer server, Exception primary) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        LOG.warn("Error while stopping the embedded broker", e);
      }
    }
  }

  private static void cleanup(Path dir, boolean temporary) {
    if (!temporary) {
      return;
    }
    try {
      deleteRecursively(dir);
    } catch (IOException e) {
      LOG.warn("Could not delete temporary Kafka data directory {}: {}", dir, e.toString());
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      if (t instanceof BindException) {
        return t;
      }
      t = t.getCause();
    }
    return t;
  }

  private static String kafkaVersion() {
    return org.apache.kafka.common.utils.internals.AppInfoParser.getVersion();
  }
}
