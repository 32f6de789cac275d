package org.issastream.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.issastream.schemas.ConditionIds;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.ImageRole;
import org.issastream.worker.Payloads;
import org.issastream.schemas.Split;
import org.issastream.schemas.serde.AvroSerializer;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.Scene;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.image.Images;

/**
 * The demo's replay producer: a freshly rendered SynthDrive fleet, sent as it "drives". The labelled
 * source domain is clear and overcast daytime in two places (90 % TRAIN, 10 % VAL); interleaved with
 * it come unlabelled fleet images of every condition and place (the style supply), and every fifth
 * unlabelled image goes to the exemplar topic as an extra-source style (origin EXTERNAL).
 */
final class DemoFleet implements Runnable {
  private static final Condition[] SOURCE = {Condition.CLEAR, Condition.OVERCAST};

  private final Map<String, Object> producerProps;
  private final Map<String, Object> serdeProps;
  private final String imagesTopic;
  private final String exemplarsTopic;
  private final int count;
  private final double labelledFraction;
  private final double rate;
  private final long seed;
  private final int width;
  private final int height;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong labelled = new AtomicLong();
  private volatile boolean running = true;
  private volatile Exception failure;

  DemoFleet(Map<String, Object> producerProps, Map<String, Object> serdeProps, String imagesTopic,
      String exemplarsTopic, int count, double labelledFraction, double rate, long seed, int width, int height) {
    this.producerProps = producerProps;
    this.serdeProps = serdeProps;
    this.imagesTopic = imagesTopic;
    this.exemplarsTopic = exemplarsTopic;
    this.count = count;
    this.labelledFraction = labelledFraction;
    this.rate = rate;
    this.seed = seed;
    this.width = width;
    this.height = height;
  }

  void stop() {
    running = false;
  }

  Exception failure() {
    return failure;
  }

  @Override
  public void run() {
    Map<String, Object> p = new java.util.HashMap<>(producerProps);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
    AvroSerializer<FleetImage> ser = new AvroSerializer<>();
    ser.configure(serdeProps, false);
    SplittableRandom rng = new SplittableRandom(seed);
    List<Place> places = List.of(Place.values());
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      int unlabelled = 0;
      for (int i = 0; i < count && running; i++) {
        long sceneSeed = 3_000_000L + seed * 100_000L + i;
        boolean isLabelled = rng.nextDouble() < labelledFraction;
        Condition c;
        Place place;
        String topic = imagesTopic;
        Split split = Split.NONE;
        if (isLabelled) {
          c = SOURCE[rng.nextInt(SOURCE.length)];
          place = places.get(rng.nextInt(2));
          split = rng.nextDouble() < 0.1 ? Split.VAL : Split.TRAIN;
        } else {
          c = Condition.values()[rng.nextInt(Condition.values().length)];
          place = places.get(rng.nextInt(places.size()));
          if (++unlabelled % 5 == 0) {
            topic = exemplarsTopic;
          }
        }
        Scene s = SynthDrive.render(sceneSeed, c, place, width, height);
        String id = String.format("demo-%06d-%s-%s", i, c.id(), place.id());
        FleetImage f = FleetImage.newBuilder()
            .setImageId(id)
            .setSource(topic.equals(exemplarsTopic) ? "demo-web-exemplars" : "demo-vehicle-" + (i % 4))
            .setCaptureTimeMs(Instant.now())
            .setRole(topic.equals(exemplarsTopic) ? ImageRole.STYLE_ONLY : ImageRole.CONTENT)
            .setSplit(split)
            .setImage(Payloads.png(Images.encodePng(s.image()), s.image().width(), s.image().height()))
            .setLabel(isLabelled ? Payloads.png(Images.encodeLabelPng(s.label()), s.label().width(), s.label().height()) : null)
            .setConditions(ConditionIds.tags(c.id(), place.id()))
            .setAttributes(Map.of("seed", Long.toString(sceneSeed)))
            .build();
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), ser.serialize(topic, f)));
        sent.incrementAndGet();
        if (isLabelled) {
          labelled.incrementAndGet();
        }
        if (rate > 0) {
          long due = start + (long) ((i + 1) / rate * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }
}
