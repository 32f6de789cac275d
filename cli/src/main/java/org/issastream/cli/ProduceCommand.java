package org.issastream.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.ImageRole;
import org.issastream.schemas.serde.AvroSerializer;
import org.issastream.synthdrive.dataset.DatasetReader;
import org.issastream.synthdrive.dataset.Sample;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.InvalidImageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code issa produce DIR}: sends a dataset folder (Cityscapes, ACDC or plain images; detected) as
 * {@link FleetImage} records keyed by a stable image id, with an idempotent producer.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Send a dataset folder (Cityscapes, ACDC or plain images, detected) to Kafka as FleetImage records.",
        "Invalid files are skipped and reported; the exit code is 2 when any were skipped, unless --skip-invalid."})
public final class ProduceCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Dataset folder.")
  Path dir;

  @Option(names = "--topic", defaultValue = "fleet.images", description = "fleet.images (default) or fleet.exemplars.")
  String topic;

  @Option(names = "--bootstrap-servers", defaultValue = "${env:ISSA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--registry-url", defaultValue = "${env:ISSA_REGISTRY_URL:-http://localhost:8081}",
      description = "Schema registry URL (default ${DEFAULT-VALUE}).")
  String registryUrl;

  @Option(names = "--role", description = "content or style-only (default: style-only for fleet.exemplars, else content).")
  String role;

  @Option(names = "--source", description = "Source name; image ids are <source>/<name> (default: the folder name).")
  String source;

  @Option(names = "--rate", defaultValue = "0", description = "Maximum records per second, 0 = unlimited (default).")
  double rate;

  @Option(names = "--limit", defaultValue = "0", description = "Send at most this many images, 0 = all (default).")
  int limit;

  @Option(names = "--skip-invalid", description = "Exit 0 even when invalid files were skipped.")
  boolean skipInvalid;

  @Option(names = "--max-image-bytes", defaultValue = "16777216", description = "Largest accepted file (default ${DEFAULT-VALUE}).")
  long maxBytes;

  @Option(names = "--max-pixels", defaultValue = "40000000", description = "Largest accepted width x height (default ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = {"-X", "--producer-property"}, description = "Extra producer or serializer config key=value (repeatable).")
  Map<String, String> extra = new HashMap<>();

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    DatasetReader.Dataset ds = DatasetReader.read(dir);
    List<Sample> samples = ds.samples();
    if (limit > 0 && samples.size() > limit) {
      samples = samples.subList(0, limit);
    }
    ImageRole r = role != null ? ImageRole.valueOf(role.trim().toUpperCase().replace('-', '_'))
        : topic.equals("fleet.exemplars") ? ImageRole.STYLE_ONLY : ImageRole.CONTENT;
    String src = source != null ? source : dir.toAbsolutePath().normalize().getFileName().toString();
    ImageLimits limits = new ImageLimits(maxBytes, maxPixels, 16_384);
    System.err.printf("produce: %d images from %s (%s layout) to %s as %s%n", samples.size(), dir, ds.layout().id(),
        topic, r);

    Map<String, Object> cfg = new HashMap<>();
    cfg.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    cfg.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    cfg.put(ProducerConfig.ACKS_CONFIG, "all");
    cfg.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
    cfg.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    cfg.put(ProducerConfig.CLIENT_ID_CONFIG, "issa-produce");
    cfg.put("schema.registry.url", registryUrl);
    cfg.putAll(extra);
    List<String> invalid = new ArrayList<>();
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    AtomicLong acked = new AtomicLong();
    ProgressBar bar = quiet ? null : new ProgressBar(System.err, "produce", samples.size());
    long t0 = System.nanoTime();
    int sent = 0;
    try (KafkaProducer<String, FleetImage> producer = new KafkaProducer<>(cfg, new StringSerializer(),
        serializer(cfg))) {
      Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
      for (Sample s : samples) {
        FleetImage rec;
        try {
          rec = FleetImages.fromSample(s, src, r, limits, now);
        } catch (InvalidImageException e) {
          invalid.add(e.getMessage());
          if (bar != null) {
            bar.update(acked.get() + invalid.size());
          }
          continue;
        }
        if (rate > 0) {
          long due = t0 + (long) (sent / rate * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        producer.send(new ProducerRecord<>(topic, rec.getImageId(), rec), (md, ex) -> {
          if (ex != null) {
            failed.add(rec.getImageId() + ": " + ex);
          } else {
            acked.incrementAndGet();
          }
          if (bar != null) {
            bar.update(acked.get() + invalid.size() + failed.size());
          }
        });
        sent++;
      }
      producer.flush();
    }
    if (bar != null) {
      bar.finish();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("sent %d records to %s in %.1f s (%.1f records/s); %d invalid skipped; %d failed%n", acked.get(),
        topic, secs, acked.get() / Math.max(secs, 1e-9), invalid.size(), failed.size());
    for (String why : invalid) {
      System.out.println("  invalid: " + why);
    }
    for (String why : failed) {
      System.out.println("  failed:  " + why);
    }
    if (!failed.isEmpty()) {
      return 1;
    }
    return invalid.isEmpty() || skipInvalid ? 0 : 2;
  }

  private static AvroSerializer<FleetImage> serializer(Map<String, Object> cfg) {
    AvroSerializer<FleetImage> s = new AvroSerializer<>();
    s.configure(cfg, false);
    return s;
  }
}
