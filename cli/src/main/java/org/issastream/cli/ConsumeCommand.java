package org.issastream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.InvalidImageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code issa consume}: writes augmented samples from Kafka as a Cityscapes-layout dataset with a
 * provenance JSON per sample. Reads committed data only, commits offsets after the files of each
 * poll are written, and stops after --max samples, after --idle-timeout without records, or on
 * Ctrl-C (offsets committed).
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
    description = "Write augmented samples from Kafka as a Cityscapes-layout dataset plus provenance JSON per sample.")
public final class ConsumeCommand implements Callable<Integer> {
  @Option(names = "--topic", defaultValue = "augmented.samples", description = "augmented.samples (default) or proxy.validation.")
  String topic;

  @Option(names = "--out", required = true, description = "Output dataset folder.")
  Path out;

  @Option(names = "--bootstrap-servers", defaultValue = "${env:ISSA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--registry-url", defaultValue = "${env:ISSA_REGISTRY_URL:-http://localhost:8081}",
      description = "Schema registry URL (default ${DEFAULT-VALUE}).")
  String registryUrl;

  @Option(names = "--group", defaultValue = "issa-consume", description = "Consumer group (default ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--max", defaultValue = "0", description = "Stop after this many samples, 0 = never (default).")
  long max;

  @Option(names = "--idle-timeout", defaultValue = "0",
      description = "Stop after this many seconds without records, 0 = never (default).")
  double idleTimeout;

  @Option(names = {"-X", "--consumer-property"}, description = "Extra consumer or deserializer config key=value (repeatable).")
  Map<String, String> extra = new HashMap<>();

  @Option(names = "--quiet", description = "No progress line.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> cfg = new HashMap<>();
    cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    cfg.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cfg.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cfg.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    cfg.put("schema.registry.url", registryUrl);
    cfg.put("specific.avro.reader", true);
    cfg.putAll(extra);
    AvroDeserializer<AugmentedSample> valueDeser = new AvroDeserializer<>();
    valueDeser.configure(cfg, false);
    AugmentedSampleSink sink = new AugmentedSampleSink(out, ImageLimits.DEFAULT);
    CountDownLatch stopped = new CountDownLatch(1);
    long written = 0;
    List<String> rejected = new ArrayList<>();
    ProgressBar bar = quiet ? null : new ProgressBar(System.err, "consume", max);
    try (KafkaConsumer<String, AugmentedSample> consumer = new KafkaConsumer<>(cfg, new StringDeserializer(), valueDeser)) {
      Thread hook = new Thread(() -> {
        consumer.wakeup();
        try {
          stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "issa-consume-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        consumer.subscribe(List.of(topic));
        long lastRecordNs = System.nanoTime();
        outer:
        while (max <= 0 || written < max) {
          ConsumerRecords<String, AugmentedSample> recs = consumer.poll(Duration.ofMillis(500));
          if (recs.isEmpty()) {
            if (idleTimeout > 0 && System.nanoTime() - lastRecordNs > idleTimeout * 1e9) {
              break;
            }
            continue;
          }
          lastRecordNs = System.nanoTime();
          Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
          for (ConsumerRecord<String, AugmentedSample> r : recs) {
            try {
              sink.write(r.value(), r.topic(), r.partition(), r.offset());
              written++;
            } catch (InvalidImageException e) {
              rejected.add(e.getMessage());
            }
            commit.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            if (bar != null) {
              bar.update(written);
            }
            if (max > 0 && written >= max) {
              consumer.commitSync(commit);
              break outer;
            }
          }
          consumer.commitSync(commit);
        }
      } catch (WakeupException e) {
        System.err.println();
        System.err.println("consume: interrupted, offsets of written samples are committed");
      } finally {
        stopped.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down (Ctrl-C): the hook is running and waits for us
        }
      }
    }
    if (bar != null) {
      bar.finish();
    }
    new DatasetSummary(out, "issa consume", topic, written, sink.counts()).write();
    System.out.printf("wrote %d samples from %s to %s (%s)%n", written, topic, out, sink.counts());
    for (String why : rejected) {
      System.out.println("  rejected: " + why);
    }
    return rejected.isEmpty() ? 0 : 2;
  }
}
