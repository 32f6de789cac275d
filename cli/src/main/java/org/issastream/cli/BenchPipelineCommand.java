package org.issastream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.codec.NoiseMaps;
import org.issastream.codec.StyleCodes;
import org.issastream.embedded.LocalStack;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.ImageRole;
import org.issastream.schemas.Split;
import org.issastream.schemas.serde.AvroSerializer;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.Scene;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;
import org.issastream.worker.AugmentWorker;
import org.issastream.worker.Payloads;
import org.issastream.worker.WorkerConfig;
import org.issastream.worker.WorkerHooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code issa bench pipeline}: augmented samples per second end to end (embedded broker, registry,
 * one worker, exactly-once) against the raw codec (invert + mix of the same images at the same batch
 * size and K, no Kafka, no image coding) measured in the same run; optionally the process RSS over a
 * long run.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"End-to-end augmented samples/s through the real broker vs the raw codec at the same batch",
        "size, measured in one run (pipeline_vs_codec_ratio); optionally RSS growth over --rss-minutes."})
final class BenchPipelineCommand implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "192", description = "Labelled images per measurement (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--batch", defaultValue = "16", description = "Micro-batch size, both sides (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--variants", defaultValue = "4", description = "K (default: ${DEFAULT-VALUE}).")
  int variants;

  @Option(names = "--pipeline-depth", defaultValue = "3",
      description = "The worker's pipeline.depth: micro-batches in flight (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--warmup-seconds", defaultValue = "180",
      description = "Untimed raw + pipeline rounds for this long first (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--rounds", defaultValue = "3", description = "Interleaved raw/pipeline rounds; medians are compared (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--rss-minutes", defaultValue = "0", description = "Then feed the worker for this many minutes sampling RSS (0 = skip).")
  double rssMinutes;

  @Option(names = "--json", description = "Print one JSON object (with pipeline_vs_codec_ratio) on stdout.")
  boolean json;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the results as Markdown.")
  Path markdown;

  @Mixin CodecOptions codecOptions;

  private record Item(FleetImage record, RgbImage image) {}

  @Override
  public Integer call() throws Exception {
    ObjectNode result = new ObjectMapper().createObjectNode();
    try (Codec codec = codecOptions.load()) {
      CodecManifest m = codec.manifest();
      List<Item> items = render(m, images, 0);
      result.put("codec", m.id() + " " + m.version()).put("images", images).put("batch", batch).put("variants", variants)
          .put("pipeline_depth", depth).put("warmup_seconds", warmupSeconds)
          .put("cpus", Runtime.getRuntime().availableProcessors());

      // warm-up: the first calls at each batch shape are several times slower (oneDNN primitive
      // creation, JIT); two full passes leave the raw side at its steady rate
      raw(codec, items);
      raw(codec, items);
      try (LocalStack stack = LocalStack.start(Map.of(),
          Map.of(org.issastream.embedded.registry.SchemaRegistryServerConfig.PORT, 0), Map.of())) {
        Map<String, Object> w = new HashMap<>();
        w.put(WorkerConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
        w.put(WorkerConfig.REGISTRY_URL, stack.registryUrl());
        w.put(WorkerConfig.VARIANTS, variants);
        w.put(WorkerConfig.BATCH_MAX_RECORDS, batch);
        w.put(WorkerConfig.PIPELINE_DEPTH, depth);
        w.put(WorkerConfig.POOL_WAIT_MS, 1000L);
        w.put(WorkerConfig.HTTP_PORT, -1);
        WorkerConfig config = new WorkerConfig(w);
        String in = config.getString(WorkerConfig.TOPIC_IMAGES);
        String out = config.getString(WorkerConfig.TOPIC_AUGMENTED);
        AvroSerializer<FleetImage> ser = new AvroSerializer<>();
        ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        Map<String, Object> pp = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
          // warm-up batch first, so registry look-ups and codec warm-up are not timed
          send(producer, ser, in, render(m, batch, 1_000_000));
          PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
          AugmentWorker worker = new AugmentWorker(config, codec, registry, WorkerHooks.NONE);
          Thread loop = new Thread(worker, "bench-worker");
          loop.start();
          try (SampleCounter counter = new SampleCounter(stack.bootstrapServers(), out)) {
            counter.awaitAtLeast((long) batch * variants, Duration.ofMinutes(10));
            // Untimed warm-up rounds of both sides first: until the JIT has compiled the broker's,
            // the clients' and the worker's hot paths, a third of the CPU goes to C1/C2 compiler
            // threads (measured with pipeline_cpu), which the pipeline side would pay for alone.
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            for (int round = 0; System.nanoTime() < warmEnd; round++) {
              raw(codec, items);
              throughPipeline(producer, ser, in, renamed(items, "-w" + round), counter);
              progress("warm-up round %d", round);
            }
            // raw and pipeline alternate, so both see the same machine; medians are compared
            Map<String, double[]> stages0 = stageTotals(registry);
            double[] rawRates = new double[rounds];
            double[] pipeRates = new double[rounds];
            double pipeSeconds = 0;
            double rawSeconds = 0;
            Map<String, Double> rawCpu = new HashMap<>();
            Map<String, Double> pipeCpu = new HashMap<>();
            for (int round = 0; round < rounds; round++) {
              Map<String, Double> c0 = ThreadCpu.snapshot();
              long t0 = System.nanoTime();
              int samples = raw(codec, items);
              double rawRound = (System.nanoTime() - t0) / 1e9;
              rawSeconds += rawRound;
              rawRates[round] = samples / rawRound;
              Map<String, Double> c1 = ThreadCpu.snapshot();
              ThreadCpu.delta(c0, c1).forEach((g, v) -> rawCpu.merge(g, v, Double::sum));
              double seconds = throughPipeline(producer, ser, in, renamed(items, "-r" + round), counter);
              ThreadCpu.delta(c1, ThreadCpu.snapshot()).forEach((g, v) -> pipeCpu.merge(g, v, Double::sum));
              pipeSeconds += seconds;
              pipeRates[round] = images * variants / seconds;
              progress("round %d: raw codec %.2f samples/s, pipeline %.2f samples/s", round, rawRates[round], pipeRates[round]);
            }
            double rawRate = median(rawRates);
            double pipeRate = median(pipeRates);
            result.put("rounds", rounds);
            result.put("codec_samples_per_s", rawRate);
            result.put("pipeline_samples_per_s", pipeRate);
            result.put("pipeline_vs_codec_ratio", pipeRate / rawRate);
            result.putPOJO("codec_samples_per_s_rounds", rawRates);
            result.putPOJO("pipeline_samples_per_s_rounds", pipeRates);
            putStages(result, stages0, stageTotals(registry), pipeSeconds);
            putCpu(result.putObject("codec_cpu"), rawCpu, rawSeconds);
            putCpu(result.putObject("pipeline_cpu"), pipeCpu, pipeSeconds);
            if (rssMinutes > 0) {
              rss(result, producer, ser, in, m, counter);
            }
          } finally {
            worker.close();
            loop.join(60_000);
          }
        }
      }
    }
    String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(result));
    } else {
      System.out.println(text);
    }
    if (markdown != null) {
      Files.writeString(markdown, "# Pipeline benchmark\n\n```\n" + text + "\n```\n", StandardCharsets.UTF_8);
    }
    return 0;
  }

  /** Sends the images to the worker and waits for all their samples; seconds that took. */
  private double throughPipeline(KafkaProducer<byte[], byte[]> producer, AvroSerializer<FleetImage> ser, String topic,
      List<Item> fresh, SampleCounter counter) {
    long base = counter.count();
    long t0 = System.nanoTime();
    send(producer, ser, topic, fresh);
    counter.awaitAtLeast(base + (long) fresh.size() * variants, Duration.ofMinutes(30));
    return (System.nanoTime() - t0) / 1e9;
  }

  private int raw(Codec codec, List<Item> items) throws Exception {
    int samples = 0;
    for (int from = 0; from < items.size(); from += batch) {
      List<Item> b = items.subList(from, Math.min(items.size(), from + batch));
      Latents lat = codec.invert(b.stream().map(Item::image).toList());
      List<StyleCodes> w = new ArrayList<>();
      List<NoiseMaps> n = new ArrayList<>();
      List<StyleCodes> styles = new ArrayList<>();
      for (int i = 0; i < b.size(); i++) {
        for (int k = 0; k < variants; k++) {
          w.add(lat.styles(i));
          n.add(lat.noise(i));
          styles.add(lat.styles((i + k + 1) % b.size()));
        }
      }
      samples += codec.mix(Latents.of(w, n), styles, MixPolicy.defaults()).size();
    }
    return samples;
  }

  private void rss(ObjectNode result, KafkaProducer<byte[], byte[]> producer, AvroSerializer<FleetImage> ser,
      String topic, CodecManifest m, SampleCounter counter) throws Exception {
    long end = System.nanoTime() + (long) (rssMinutes * 60e9);
    long warmEnd = System.nanoTime() + (long) (rssMinutes * 60e9 * 0.2);
    long warmRss = -1;
    long maxRss = 0;
    long lastRss = 0;
    int round = 0;
    List<Item> pool = render(m, 64, 2_000_000);
    while (System.nanoTime() < end) {
      long target = counter.count() + (long) pool.size() * variants;
      send(producer, ser, topic, renamed(pool, "-soak" + round));
      counter.awaitAtLeast(target, Duration.ofMinutes(10));
      round++;
      System.gc();
      lastRss = rssKb();
      maxRss = Math.max(maxRss, lastRss);
      if (warmRss < 0 && System.nanoTime() > warmEnd) {
        warmRss = lastRss;
      }
      progress("rss: round %d, %d samples, RSS %d MiB", round, counter.count(), lastRss / 1024);
    }
    result.put("rss_minutes", rssMinutes).put("rss_after_warmup_mib", warmRss / 1024.0)
        .put("rss_end_mib", lastRss / 1024.0).put("rss_max_mib", maxRss / 1024.0)
        .put("rss_growth_after_warmup", warmRss > 0 ? (lastRss - warmRss) / (double) warmRss : 0.0);
  }

  /** Per worker stage: {total seconds, count} of its {@code issa.worker.stage.latency} timer. */
  private static Map<String, double[]> stageTotals(io.micrometer.core.instrument.MeterRegistry registry) {
    Map<String, double[]> m = new java.util.TreeMap<>();
    for (io.micrometer.core.instrument.Timer t : registry.find("issa.worker.stage.latency").timers()) {
      m.put(t.getId().getTag("stage"), new double[] {t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9, t.count()});
    }
    return m;
  }

  /**
   * Where the worker's time went during the timed rounds: mean milliseconds per batch of each stage
   * and the fraction of the rounds' wall-clock time the stage was busy. Each stage has its own thread
   * and they overlap: decode, the codec (invert + synthesize: "codec", the bottleneck when it is
   * near 1), encode (PNG + Avro), send (handing records to the producer) and commit (offsets and
   * the transaction commit).
   * "batch" is a batch's latency from the start of its decode to its commit.
   */
  private static void putStages(ObjectNode result, Map<String, double[]> before, Map<String, double[]> after,
      double wallSeconds) {
    double[] b = delta(before.get("batch"), after.get("batch"));
    if (b[1] == 0) {
      return;
    }
    ObjectNode ms = result.putObject("worker_stage_ms_per_batch");
    ObjectNode busy = result.putObject("worker_stage_busy");
    double compute = 0;
    for (String stage : after.keySet()) {
      double[] d = delta(before.get(stage), after.get(stage));
      ms.put(stage, Math.round(d[0] / b[1] * 1e4) / 10.0);
      if (!stage.equals("batch")) {
        busy.put(stage, Math.round(d[0] / wallSeconds * 1000) / 1000.0);
      }
      if (List.of("invert", "synthesize").contains(stage)) {
        compute += d[0];
      }
    }
    busy.put("codec", Math.round(compute / wallSeconds * 1000) / 1000.0);
    result.put("worker_batches", (long) b[1]);
    result.put("wall_ms_per_batch", Math.round(wallSeconds / b[1] * 1e4) / 10.0);
  }

  /**
   * Where the process's CPU went while one side ran: cores busy on average, and each thread group's
   * share of that CPU time (the 12 largest; libtorch's OpenMP workers carry the name of the thread
   * that started them).
   */
  private static void putCpu(ObjectNode out, Map<String, Double> cpu, double wallSeconds) {
    double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total == 0 || wallSeconds == 0) {
      return;
    }
    out.put("cores_busy", Math.round(total / wallSeconds * 100) / 100.0);
    ObjectNode share = out.putObject("share_by_thread");
    cpu.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
        .forEach(e -> share.put(e.getKey(), Math.round(e.getValue() / total * 1000) / 1000.0));
  }

  private static double[] delta(double[] before, double[] after) {
    if (after == null) {
      return new double[] {0, 0};
    }
    return before == null ? after.clone() : new double[] {after[0] - before[0], after[1] - before[1]};
  }

  private static List<Item> renamed(List<Item> items, String suffix) {
    List<Item> out = new ArrayList<>(items.size());
    for (Item it : items) {
      out.add(new Item(FleetImage.newBuilder(it.record()).setImageId(it.record().getImageId() + suffix).build(), it.image()));
    }
    return out;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static List<Item> render(CodecManifest m, int n, long offset) {
    List<Item> items = new ArrayList<>(n);
    Condition[] conds = Condition.values();
    Place[] places = Place.values();
    for (int i = 0; i < n; i++) {
      long seed = 9_500_000L + offset + i;
      Condition c = conds[i % conds.length];
      Scene s = SynthDrive.render(seed, c, places[i % places.length], 128, 64);
      RgbImage img = Images.fit(s.image(), m.width(), m.height());
      LabelMap label = Images.fit(s.label(), m.width(), m.height());
      FleetImage f = FleetImage.newBuilder()
          .setImageId("bench-" + seed)
          .setSource("bench")
          .setCaptureTimeMs(Instant.now())
          .setRole(ImageRole.CONTENT)
          .setSplit(Split.TRAIN)
          .setImage(Payloads.png(Images.encodePng(img), img.width(), img.height()))
          .setLabel(Payloads.png(Images.encodeLabelPng(label), label.width(), label.height()))
          .setConditions(ConditionTagsMapping.tags(c, places[i % places.length].id()))
          .build();
      items.add(new Item(f, img));
    }
    return items;
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, AvroSerializer<FleetImage> ser, String topic, List<Item> items) {
    for (Item it : items) {
      producer.send(new ProducerRecord<>(topic, it.record().getImageId().getBytes(StandardCharsets.UTF_8),
          ser.serialize(topic, it.record())));
    }
    producer.flush();
  }

  private static void progress(String format, Object... args) {
    System.err.printf(format + "%n", args);
  }

  /** Counts committed records of a topic (read_committed, all partitions, from the beginning). */
  private static final class SampleCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private long count;

    SampleCounter(String bootstrap, String topic) {
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    long count() {
      return count;
    }

    void awaitAtLeast(long n, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (count < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out waiting for " + n + " samples, have " + count);
        }
        count += consumer.poll(Duration.ofMillis(100)).count();
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
