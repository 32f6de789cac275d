package org.issastream.streams.curator;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.streams.curator.policy.AgeBasis;
import org.issastream.streams.http.CuratorHttpServer;
import org.issastream.streams.http.PoolQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running curator: topics, Kafka Streams, metrics and the HTTP endpoint, closed together.
 * Serdes are passed in (the caller builds them against its schema registry), so this class is the
 * same in the CLI, the local demo and the integration tests.
 */
public final class CuratorApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CuratorApp.class);

  private final CuratorConfig config;
  private final PrometheusMeterRegistry registry;
  private final CuratorMetrics metrics;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private CuratorHttpServer http;

  public CuratorApp(CuratorConfig config, Serde<StyleCode> codeSerde, Serde<PoolEntry> poolSerde) {
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new CuratorMetrics(registry, System::currentTimeMillis);
    Topology topology = CuratorTopology.buildTopology(config, codeSerde, poolSerde, metrics);
    Properties props = config.streamsProperties();
    LOG.info("curator topology:\n{}", topology.describe());
    this.streams = new KafkaStreams(topology, props);
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("curator stream thread died; shutting the client down", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      LOG.info("curator state {} -> {}", before, now);
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        stopped.countDown();
      }
    });
  }

  /** Creates missing topics, starts Streams and (unless disabled) the HTTP endpoint. */
  public CuratorApp start() throws CuratorException {
    LOG.info("curator config: codec {} ({}x{}), {}, {}", config.codecId(), config.numStyles(),
        config.styleDim(), config.quotaPlan(), config.policySettings());
    Properties p = config.streamsProperties();
    Map<String, Object> adminProps = new java.util.HashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (AdminClientConfig.configNames().contains(k)) {
        adminProps.put(k, p.getProperty(k));
      }
    }
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-topics");
    try (Admin admin = Admin.create(adminProps)) {
      List<String> created = CuratorTopics.ensure(admin, config);
      if (!created.isEmpty()) {
        LOG.info("created topics {}", created);
      }
    }
    streamsMetrics.bindTo(registry);
    streams.start();
    if (config.httpPort() >= 0) {
      try {
        http = new CuratorHttpServer(config.httpHost(), config.httpPort(), query(),
            registry::scrape, System::currentTimeMillis).start();
      } catch (Exception e) {
        throw new CuratorException("cannot start the HTTP endpoint on " + config.httpHost() + ":"
            + config.httpPort() + ": " + e.getMessage(), e);
      }
    }
    return this;
  }

  /** Waits until the instance is RUNNING (stores restored); false on timeout or failure. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      KafkaStreams.State s = streams.state();
      if (s == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (!s.isRunningOrRebalancing() && s != KafkaStreams.State.CREATED) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Blocks until Streams stops (error or close); true when it stopped within the timeout. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** HTTP port, or -1 when disabled or not started. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public CuratorMetrics metrics() {
    return metrics;
  }

  /** The pool as held by this instance, over interactive queries. */
  public PoolQuery query() {
    AgeBasis basis = config.policySettings().ageBasis();
    return new PoolQuery() {
      @Override
      public List<PoolEntry> entries() {
        ReadOnlyKeyValueStore<String, PoolEntry> store = streams.store(
            StoreQueryParameters.fromNameAndType(
                CuratorTopology.SLOT_STORE, QueryableStoreTypes.keyValueStore()));
        List<PoolEntry> out = new ArrayList<>();
        try (KeyValueIterator<String, PoolEntry> it = store.all()) {
          while (it.hasNext()) {
            KeyValue<String, PoolEntry> kv = it.next();
            out.add(kv.value);
          }
        }
        return out;
      }

      @Override
      public Map<String, Integer> quotas() {
        return config.quotaPlan().slots();
      }

      @Override
      public long basisTimeMs(PoolEntry e) {
        return basis == AgeBasis.CAPTURE
            ? e.getStyle().getCaptureTimeMs().toEpochMilli()
            : e.getAdmittedTimeMs().toEpochMilli();
      }

      @Override
      public String state() {
        return streams.state().name();
      }

      @Override
      public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING;
      }
    };
  }

  @Override
  public void close() {
    if (http != null) {
      try {
        http.close();
      } catch (Exception e) {
        LOG.warn("closing the HTTP endpoint failed", e);
      }
    }
    // leave the group so a restarted or replacement instance gets the tasks without waiting for
    // the session timeout
    streams.close(CloseOptions.groupMembershipOperation(
        CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
    streamsMetrics.close();
    registry.close();
    stopped.countDown();
  }
}
