package org.issastream.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecManifest;
import org.issastream.embedded.LocalStack;
import org.issastream.embedded.registry.SchemaRegistryServerConfig;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.schemas.topics.TopicsConfig;
import org.issastream.streams.curator.CuratorApp;
import org.issastream.streams.curator.CuratorConfig;
import org.issastream.streams.curator.CuratorSerdes;
import org.issastream.worker.AugmentWorker;
import org.issastream.worker.WorkerConfig;
import org.issastream.worker.WorkerHooks;
import org.issastream.worker.WorkerHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code issa demo}: the whole pipeline in one process tree, no Docker: embedded broker and
 * registry, topics, the pool curator, one augment worker with the bundled mini codec on CPU, and a
 * replay producer over a freshly rendered SynthDrive fleet. Prints what is happening; Ctrl-C or
 * {@code --duration} stops it cleanly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole ISSA Stream pipeline locally: broker + registry + curator + worker + a replay",
        "producer over a fresh SynthDrive fleet. Augmented samples are written with --out."})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--duration", description = "Stop after this long, e.g. 60s, 5m (default: run until Ctrl-C).",
      converter = DurationConverter.class)
  Duration duration;

  @Option(names = "--out", description = "Write consumed augmented samples here as a Cityscapes-layout dataset.")
  Path out;

  @Option(names = "--images", defaultValue = "2000", description = "Fleet images to replay (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--rate", defaultValue = "4", description = "Fleet images per second (default: ${DEFAULT-VALUE}; 0 = as fast as possible).")
  double rate;

  @Option(names = "--labelled-fraction", defaultValue = "0.4", description = "Share of labelled source-domain images (default: ${DEFAULT-VALUE}).")
  double labelledFraction;

  @Option(names = "--variants", defaultValue = "4", description = "K, augmented variants per labelled TRAIN image (default: ${DEFAULT-VALUE}).")
  int variants;

  @Option(names = "--seed", defaultValue = "1", description = "Fleet seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--port", defaultValue = "9092", description = "Kafka port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--registry-port", defaultValue = "8081", description = "Registry port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(names = "--metrics-port", defaultValue = "9401", description = "Worker metrics port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--curator-port", defaultValue = "7072", description = "Curator pool/metrics port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int curatorPort;

  @Option(names = "--status-interval", defaultValue = "5s", converter = DurationConverter.class,
      description = "How often to print progress (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Mixin CodecOptions codecOptions;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Path work = Files.createTempDirectory("issa-demo-");
    Map<String, Object> kafka = BrokerCommand.kafkaConfig("localhost", port, 0, null, 16 << 20);
    Map<String, Object> registryCfg = Map.of(SchemaRegistryServerConfig.HOST, "localhost",
        SchemaRegistryServerConfig.PORT, registryPort);
    Map<String, Object> topicsCfg = Map.of(TopicsConfig.PARTITIONS, 3);
    try (LocalStack stack = LocalStack.start(kafka, registryCfg, topicsCfg);
         Codec codec = codecOptions.load()) {
      CodecManifest m = codec.manifest();
      String bootstrap = stack.bootstrapServers();
      String registryUrl = stack.registryUrl();
      System.out.printf("issa demo: broker %s, registry %s, codec %s %s (%dx%d, L=%d, D=%d)%n", bootstrap,
          registryUrl, m.id(), m.version(), m.width(), m.height(), m.numStyles(), m.styleDim());

      Map<String, Object> cur = new HashMap<>();
      cur.put("streams.bootstrap.servers", bootstrap);
      cur.put("streams.application.id", "issa-demo-curator");
      cur.put("streams.state.dir", work.resolve("curator-state").toString());
      cur.put("serde.schema.registry.url", registryUrl);
      cur.put(CuratorConfig.CODEC_ID, m.id());
      cur.put(CuratorConfig.NUM_STYLES, m.numStyles());
      cur.put(CuratorConfig.STYLE_DIM, m.styleDim());
      cur.put(CuratorConfig.HTTP_PORT, curatorPort);
      CuratorConfig curatorConfig = new CuratorConfig(cur);
      CuratorApp curator = new CuratorApp(curatorConfig, CuratorSerdes.codes(curatorConfig), CuratorSerdes.pool(curatorConfig));
      AugmentWorker worker = null;
      Thread workerThread = null;
      WorkerHttpServer http = null;
      DemoFleet fleet = null;
      Thread fleetThread = null;
      Sink sink = null;
      Thread sinkThread = null;
      Thread hook = null;
      try {
        curator.start();
        Map<String, Object> w = new HashMap<>();
        w.put(WorkerConfig.BOOTSTRAP_SERVERS, bootstrap);
        w.put(WorkerConfig.REGISTRY_URL, registryUrl);
        w.put(WorkerConfig.VARIANTS, variants);
        w.put(WorkerConfig.POOL_WAIT_MS, 2000L);
        w.put(WorkerConfig.HTTP_PORT, metricsPort);
        WorkerConfig workerConfig = new WorkerConfig(w);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        worker = new AugmentWorker(workerConfig, codec, registry, WorkerHooks.NONE);
        http = new WorkerHttpServer("127.0.0.1", metricsPort, registry::scrape, worker::healthy, worker::ready).start();
        workerThread = new Thread(worker, "augment-worker");
        workerThread.start();
        System.out.printf("issa demo: worker metrics %s/metrics, curator pool http://127.0.0.1:%d/buckets%n",
            http.url(), curator.httpPort());

        Map<String, Object> producer = Map.of("bootstrap.servers", bootstrap);
        Map<String, Object> serde = Map.of("schema.registry.url", registryUrl);
        fleet = new DemoFleet(producer, serde, workerConfig.getString(WorkerConfig.TOPIC_IMAGES),
            workerConfig.getString(WorkerConfig.TOPIC_EXEMPLARS), images, labelledFraction, rate, seed,
            2 * Math.max(64, m.height()), Math.max(64, m.height()));
        fleetThread = new Thread(fleet, "demo-fleet");
        fleetThread.start();

        sink = new Sink(bootstrap, registryUrl, workerConfig.getString(WorkerConfig.TOPIC_AUGMENTED),
            out == null ? null : new AugmentedSampleSink(out, org.issastream.synthdrive.image.ImageLimits.DEFAULT), t0);
        sinkThread = new Thread(sink, "demo-sink");
        sinkThread.start();

        CountDownLatch stop = new CountDownLatch(1);
        hook = new Thread(stop::countDown, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
          long wait = Math.min(statusInterval.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
          if (stop.await(wait, TimeUnit.MILLISECONDS) || worker.failure() != null) {
            break;
          }
          status(t0, fleet, registry, worker, sink);
        }
        System.out.println("issa demo: stopping ...");
      } finally {
        // stop in dependency order: producer, worker, sink, curator; the codec and the broker close last
        if (fleet != null) {
          fleet.stop();
          fleetThread.join(10_000);
        }
        if (worker != null) {
          worker.close();
          workerThread.join(30_000);
        }
        if (sink != null) {
          sink.stop();
          sinkThread.join(10_000);
        }
        if (http != null) {
          http.close();
        }
        curator.close();
      }
      if (out != null) {
        System.out.printf("issa demo: %d samples written to %s%n", sink.written.get(), out);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down (Ctrl-C): the hook has run
      }
      return worker.failure() == null && sink.failure == null ? 0 : 1;
    }
  }

  private static void status(long t0, DemoFleet fleet, PrometheusMeterRegistry registry, AugmentWorker worker, Sink sink) {
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Integer> buckets = new TreeMap<>();
    for (PoolEntry e : worker.pool().snapshot().values()) {
      buckets.merge(e.getBucket(), 1, Integer::sum);
    }
    int pool = buckets.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("t=%4.0fs produced %d (%d labelled) | worker in %.0f, codes %.0f, samples %.0f, proxy %.0f, dlq %.0f"
            + " | pool %d %s | consumed %d%s%n",
        secs, fleet.sent.get(), fleet.labelled.get(), count(registry, "issa.worker.records.in", null),
        count(registry, "issa.worker.records.out", "style.codes"), count(registry, "issa.worker.records.out", "augmented.samples"),
        count(registry, "issa.worker.records.out", "proxy.validation"), count(registry, "issa.worker.dlq", null),
        pool, buckets, sink.consumed.get(),
        sink.firstSampleSeconds < 0 ? "" : String.format(" (first after %.1fs)", sink.firstSampleSeconds));
  }

  private static double count(PrometheusMeterRegistry registry, String name, String topic) {
    Search s = registry.find(name);
    if (topic != null) {
      s = s.tag("topic", topic);
    }
    return s.counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Consumes augmented samples (read_committed), counts them and optionally writes the dataset. */
  static final class Sink implements Runnable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroDeserializer<AugmentedSample> deserializer = new AvroDeserializer<>();
    private final AugmentedSampleSink writer;
    private final long t0;
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    volatile double firstSampleSeconds = -1;
    volatile Exception failure;
    private volatile boolean running = true;

    Sink(String bootstrap, String registryUrl, String topic, AugmentedSampleSink writer, long t0) {
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      c.put(ConsumerConfig.GROUP_ID_CONFIG, "issa-demo-sink");
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
      this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      this.consumer.subscribe(List.of(topic));
      this.deserializer.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
      this.writer = writer;
      this.t0 = t0;
    }

    void stop() {
      running = false;
      consumer.wakeup();
    }

    @Override
    public void run() {
      try {
        while (running) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            if (firstSampleSeconds < 0) {
              firstSampleSeconds = (System.nanoTime() - t0) / 1e9;
            }
            consumed.incrementAndGet();
            if (writer != null) {
              writer.write(deserializer.deserialize(r.topic(), r.headers(), r.value()), r.topic(), r.partition(), r.offset());
              written.incrementAndGet();
            }
          }
          consumer.commitSync();
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        if (running) {
          failure = e;
        }
      } catch (Exception e) {
        failure = e;
        System.err.println("demo sink failed: " + e);
      } finally {
        try {
          consumer.commitSync();
        } catch (RuntimeException e) {
          System.err.println("demo sink: final commit failed: " + e);
        }
        consumer.close();
      }
    }
  }

  /** Parses 60s, 5m, 1h, 500ms or ISO-8601 (PT1M). */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      String s = v.trim().toLowerCase(java.util.Locale.ROOT);
      if (s.startsWith("pt")) {
        return Duration.parse(s);
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofSeconds(Long.parseLong(s));
      };
    }
  }
}
