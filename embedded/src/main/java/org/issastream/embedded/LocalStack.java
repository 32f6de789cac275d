package org.issastream.embedded;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.issastream.embedded.registry.SchemaRegistryServer;
import org.issastream.embedded.registry.SchemaRegistryServerConfig;
import org.issastream.schemas.topics.TopicCatalogue;
import org.issastream.schemas.topics.TopicProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local default: an embedded broker, the schema registry on the catalogue's {@code _schemas}
 * topic, and every catalogue topic provisioned. What {@code issa local} runs.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final EmbeddedKafka kafka;
  private final SchemaRegistryServer registry;
  private final TopicCatalogue topics;
  private final TopicProvisioner.Report report;
  private final Duration startup;

  private LocalStack(EmbeddedKafka kafka, SchemaRegistryServer registry, TopicCatalogue topics,
      TopicProvisioner.Report report, Duration startup) {
    this.kafka = kafka;
    this.registry = registry;
    this.topics = topics;
    this.report = report;
    this.startup = startup;
  }

  /**
   * Starts everything.
   *
   * @param kafkaConfig {@link EmbeddedKafkaConfig} keys
   * @param registryConfig {@link SchemaRegistryServerConfig} keys; bootstrap servers and topic are filled in
   * @param topicsConfig {@link org.issastream.schemas.topics.TopicsConfig} keys
   */
  public static LocalStack start(Map<String, ?> kafkaConfig, Map<String, ?> registryConfig,
      Map<String, ?> topicsConfig) throws EmbeddedException {
    long t0 = System.nanoTime();
    TopicCatalogue topics = new TopicCatalogue(topicsConfig);
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaConfig);
    SchemaRegistryServer registry = null;
    try {
      Map<String, Object> rc = new HashMap<>(registryConfig);
      rc.put(SchemaRegistryServerConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
      rc.put(SchemaRegistryServerConfig.TOPIC, topics.schemas());
      registry = SchemaRegistryServer.start(rc);
      TopicProvisioner.Report report;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        report = new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(topics.all());
      }
      if (!report.ok()) {
        throw new EmbeddedException("Topic provisioning failed:\n" + report.describe());
      }
      Duration startup = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info("Local stack up in {} ms", startup.toMillis());
      return new LocalStack(kafka, registry, topics, report, startup);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAll(registry, kafka);
      throw new EmbeddedException("Interrupted while starting the local stack", e);
    } catch (EmbeddedException | RuntimeException e) {
      closeAll(registry, kafka);
      throw e;
    }
  }

  private static void closeAll(SchemaRegistryServer registry, EmbeddedKafka kafka) {
    if (registry != null) {
      registry.close();
    }
    kafka.close();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  public TopicCatalogue topics() {
    return topics;
  }

  public TopicProvisioner.Report provisioning() {
    return report;
  }

  /** Wall time from the start call until everything served. */
  public Duration startupTime() {
    return startup;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** Stops the registry, then the broker. */
  @Override
  public void close() {
    closeAll(registry, kafka);
  }
}
