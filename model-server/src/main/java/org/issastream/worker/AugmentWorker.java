package org.issastream.worker;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.avro.specific.SpecificRecord;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecManifest;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.pool.PoolReplica;
import org.issastream.schemas.serde.AvroDeserializer;
import org.issastream.schemas.serde.AvroSerializer;
import org.issastream.synthdrive.image.ImageLimits;
import org.issastream.synthdrive.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The augment worker: a consumer-group member on {@code fleet.images} and {@code fleet.exemplars}
 * that turns each micro-batch into style codes, augmented samples, proxy-validation samples and
 * dead letters inside ONE Kafka transaction together with the batch's input offsets
 * ({@code sendOffsetsToTransaction}), so a crash anywhere yields neither loss nor duplicates for
 * {@code read_committed} readers.
 *
 * <p>Threads: {@link #run()} owns the consumer; each batch's transaction runs on one batch thread
 * while the poll thread keeps polling with every assigned partition paused (so a slow batch never
 * exceeds {@code max.poll.interval.ms}). In-flight work is bounded to one micro-batch of at most
 * {@code batch.max.records}. {@link #close()} may be called from any thread: it wakes the consumer,
 * lets the in-flight batch finish, then closes the clients.
 *
 * <p>Bad input never stops the worker: each record that fails to deserialize, decode or validate,
 * or that the codec refuses on its own, goes to the dead-letter topic (in the same transaction)
 * while the rest of its batch proceeds.
 */
public final class AugmentWorker implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AugmentWorker.class);

  private final WorkerConfig config;
  private final Codec codec;
  private final CodecManifest manifest;
  private final WorkerHooks hooks;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final PoolReplica pool;
  private final InputDecoder decoder;
  private final AugmentEngine engine;
  private final Serializer<SpecificRecord> serializer;
  private final WorkerMetrics metrics;
  private final String imagesTopic;
  private final String exemplarsTopic;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong batches = new AtomicLong();
  /** Runs each batch's transaction while the poll thread keeps the (paused) consumer alive. */
  private final ExecutorService batchThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "augment-batch");
    t.setDaemon(true);
    return t;
  });
  private volatile Future<Boolean> inFlight;
  private volatile boolean running = true;
  private volatile boolean assigned;
  private volatile boolean warm;
  private volatile Throwable failure;

  public AugmentWorker(WorkerConfig config, Codec codec, MeterRegistry registry, WorkerHooks hooks) {
    this.config = config;
    this.codec = codec;
    this.manifest = codec.manifest();
    this.hooks = hooks;
    this.imagesTopic = config.getString(WorkerConfig.TOPIC_IMAGES);
    this.exemplarsTopic = config.getString(WorkerConfig.TOPIC_EXEMPLARS);
    int batchMax = config.getInt(WorkerConfig.BATCH_MAX_RECORDS);

    Map<String, Object> serde = config.serdeProps();
    AvroSerializer<SpecificRecord> ser = new AvroSerializer<>();
    ser.configure(serde, false);
    this.serializer = ser;
    Map<String, Object> readerSerde = new HashMap<>(serde);
    readerSerde.put("specific.avro.reader", true);
    AvroDeserializer<FleetImage> imageDeser = new AvroDeserializer<>();
    imageDeser.configure(readerSerde, false);
    AvroDeserializer<PoolEntry> poolDeser = new AvroDeserializer<>();
    poolDeser.configure(readerSerde, false);

    long maxBytes = config.getLong(WorkerConfig.IMAGE_MAX_BYTES);
    long maxPixels = config.getLong(WorkerConfig.IMAGE_MAX_PIXELS);
    this.decoder = new InputDecoder(imageDeser, new ImageLimits(maxBytes, maxPixels, 65_535),
        manifest.width(), manifest.height());
    StyleSampler sampler = new StyleSampler(StyleSampler.Policy.of(config.stylePolicy()), config.getLong(WorkerConfig.SEED));
    this.engine = new AugmentEngine(codec, sampler, config.getInt(WorkerConfig.VARIANTS), config.mixSlots(),
        config.getDouble(WorkerConfig.MIX_STRENGTH).floatValue(), config.getLong(WorkerConfig.SEED),
        config.getInt(WorkerConfig.OUTPUT_PNG_LEVEL));

    Map<String, Object> c = config.kafkaClientProps();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(WorkerConfig.GROUP_ID));
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchMax);
    c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
    c.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());

    Map<String, Object> p = config.kafkaClientProps();
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS));
    p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());

    Map<String, Object> pc = config.kafkaClientProps();
    this.pool = new PoolReplica(pc, config.getString(WorkerConfig.TOPIC_POOL), poolDeser);
    this.metrics = new WorkerMetrics(registry, pool::size);
  }

  /** Ready when the codec is warm and partitions are assigned. */
  public boolean ready() {
    return warm && assigned && running;
  }

  /** Alive while the loop runs without a fatal error. */
  public boolean healthy() {
    return running && failure == null;
  }

  public long batches() {
    return batches.get();
  }

  public Throwable failure() {
    return failure;
  }

  public PoolReplica pool() {
    return pool;
  }

  @Override
  public void run() {
    try {
      pool.start();
      if (!pool.awaitCaughtUp(Duration.ofMillis(config.getLong(WorkerConfig.POOL_WAIT_MS)))) {
        LOG.warn("style pool replica not caught up after {} ms; starting with {} entries",
            config.getLong(WorkerConfig.POOL_WAIT_MS), pool.size());
      }
      warmUp();
      producer.initTransactions();
      consumer.subscribe(List.of(imagesTopic, exemplarsTopic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          // let the in-flight batch commit its offsets before the partitions move to another worker
          awaitInFlight(Duration.ofMillis(config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS)));
          assigned = !consumer.assignment().isEmpty() && !partitions.containsAll(consumer.assignment());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          assigned = !consumer.assignment().isEmpty();
          LOG.info("assigned {}", consumer.assignment());
        }
      });
      LOG.info("worker {} consuming {} and {} with codec {} ({}x{}, L={}, D={})", config.transactionalId(),
          imagesTopic, exemplarsTopic, manifest.id(), manifest.height(), manifest.width(), manifest.numStyles(),
          manifest.styleDim());
      while (running) {
        List<ConsumerRecord<byte[], byte[]>> batch = pollBatch();
        if (!batch.isEmpty()) {
          runBatch(batch);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      failure = e;
      LOG.error("fatal producer error, worker stops: {}", e.toString());
    } catch (SimulatedCrash e) {
      failure = e;
      LOG.warn("simulated crash: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
    } catch (RuntimeException | CodecException e) {
      failure = e;
      LOG.error("worker failed", e);
    } finally {
      running = false;
      // a batch may run up to the transaction timeout; let it commit rather than redo it
      awaitInFlight(Duration.ofMillis(config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS)));
      batchThread.shutdownNow();
      closeClients(failure instanceof SimulatedCrash);
      stopped.countDown();
    }
  }

  /** Thrown by a test hook to stop the loop as a crash would: no commit, no abort. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String message) {
      super(message);
    }
  }

  private void warmUp() throws CodecException {
    long t0 = System.nanoTime();
    byte[] grey = new byte[manifest.width() * manifest.height() * 3];
    java.util.Arrays.fill(grey, (byte) 128);
    codec.reconstruct(List.of(RgbImage.wrap(manifest.width(), manifest.height(), grey)));
    warm = true;
    LOG.info("codec warm in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private List<ConsumerRecord<byte[], byte[]>> pollBatch() {
    int max = config.getInt(WorkerConfig.BATCH_MAX_RECORDS);
    long delay = config.getLong(WorkerConfig.BATCH_MAX_DELAY_MS);
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    long deadline = -1;
    while (running && batch.size() < max) {
      long wait = deadline < 0 ? 200 : Math.max(0, deadline - System.currentTimeMillis());
      if (deadline >= 0 && wait == 0) {
        break;
      }
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(Math.min(wait, 200)));
      if (!records.isEmpty()) {
        if (deadline < 0) {
          deadline = System.currentTimeMillis() + delay;
        }
        // never more than max in flight: what does not fit is sought back and read by the next batch
        List<ConsumerRecord<byte[], byte[]>> rest = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          (batch.size() < max ? batch : rest).add(r);
        }
        if (!rest.isEmpty()) {
          rewind(rest);
        }
      } else if (deadline < 0) {
        updateLag();
        return batch;
      }
    }
    return batch;
  }

  /**
   * Hands the batch to the batch thread and keeps polling with every assigned partition paused until
   * it is done, so a long batch never exceeds {@code max.poll.interval.ms}; records a rebalance lets
   * through meanwhile are sought back and read again later. Back on the poll thread, an aborted
   * batch is re-read from its first offsets.
   */
  private void runBatch(List<ConsumerRecord<byte[], byte[]>> batch) throws CodecException {
    ConsumerGroupMetadata group = consumer.groupMetadata();
    Future<Boolean> f = batchThread.submit(() -> processInTransaction(batch, group));
    inFlight = f;
    Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
    consumer.pause(paused);
    try {
      while (true) {
        // wait on the batch itself, so its end is noticed at once (a paused poll would sit out its
        // whole timeout), and poll in between to stay in the group
        try {
          f.get(50, TimeUnit.MILLISECONDS);
          break;
        } catch (java.util.concurrent.TimeoutException e) {
          // still running
        } catch (ExecutionException e) {
          break; // reported by f.get() below
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break; // f.get() below throws at once and reports it
        }
        ConsumerRecords<byte[], byte[]> stray = consumer.poll(Duration.ZERO);
        if (!stray.isEmpty()) {
          List<ConsumerRecord<byte[], byte[]>> back = new ArrayList<>();
          stray.forEach(back::add);
          rewind(back);
        }
      }
    } finally {
      Set<TopicPartition> resume = new HashSet<>(paused);
      resume.retainAll(consumer.assignment());
      consumer.resume(resume);
    }
    boolean committed;
    try {
      committed = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.errors.InterruptException(e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      if (c instanceof CodecException ce) {
        throw ce;
      }
      throw new IllegalStateException("batch failed", c);
    } finally {
      inFlight = null;
    }
    if (!committed) {
      rewind(batch);
    }
    updateLag();
  }

  private void awaitInFlight(Duration timeout) {
    Future<Boolean> f = inFlight;
    if (f == null) {
      return;
    }
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("in-flight batch did not complete cleanly: {}", e.toString());
    }
  }

  /** One batch in one transaction; false when the transaction was aborted (the caller re-reads it). */
  private boolean processInTransaction(List<ConsumerRecord<byte[], byte[]>> records, ConsumerGroupMetadata group)
      throws CodecException {
    long t0 = System.nanoTime();
    long index = batches.get();
    metrics.batchSize.record(records.size());
    producer.beginTransaction();
    try {
      List<InputImage> good = new ArrayList<>(records.size());
      List<ConsumerRecord<byte[], byte[]>> goodRecords = new ArrayList<>(records.size());
      // Decoding (Avro + PNG/JPEG + resize) is independent per record and leaves the inference
      // threads idle: spread it over the cores, then handle the outcomes in record order.
      long tDecode = System.nanoTime();
      Object[] decoded = new Object[records.size()];
      IntStream.range(0, records.size()).parallel().forEach(i -> {
        ConsumerRecord<byte[], byte[]> r = records.get(i);
        try {
          decoded[i] = decoder.decode(r.topic(), r.headers(), r.value(), r.topic().equals(exemplarsTopic));
        } catch (RejectedInputException e) {
          decoded[i] = e;
        }
      });
      for (int i = 0; i < records.size(); i++) {
        ConsumerRecord<byte[], byte[]> r = records.get(i);
        metrics.recordsIn(r.topic(), 1);
        if (decoded[i] instanceof RejectedInputException e) {
          deadLetter(r, e.stage(), e.errorClass(), e.getMessage());
        } else {
          good.add((InputImage) decoded[i]);
          goodRecords.add(r);
        }
      }
      metrics.decode.record(System.nanoTime() - tDecode, TimeUnit.NANOSECONDS);
      AugmentEngine.Result result;
      try {
        result = engine.process(good, pool.snapshot().values(), System.currentTimeMillis());
      } catch (CodecException | RuntimeException e) {
        // Find the culprit(s) one by one; the others still produce.
        LOG.warn("batch of {} failed in the codec ({}); isolating records", good.size(), e.toString());
        result = processIsolated(good, goodRecords);
      }
      AugmentEngine.Timings t = engine.lastTimings();
      metrics.invert.record(t.invertNanos(), TimeUnit.NANOSECONDS);
      metrics.synth.record(t.synthNanos(), TimeUnit.NANOSECONDS);
      metrics.encode.record(t.encodeNanos(), TimeUnit.NANOSECONDS);
      long tSend = System.nanoTime();
      send(config.getString(WorkerConfig.TOPIC_STYLE_CODES), result.styleCodes(), StyleCode::getImageId);
      send(config.getString(WorkerConfig.TOPIC_AUGMENTED), result.train(), AugmentedSample::getSampleId);
      send(config.getString(WorkerConfig.TOPIC_PROXY), result.proxy(), AugmentedSample::getSampleId);
      hooks.afterSend(index);
      long tEnd = System.nanoTime();
      metrics.send.record(tEnd - tSend, TimeUnit.NANOSECONDS);
      producer.sendOffsetsToTransaction(nextOffsets(records), group);
      producer.commitTransaction();
      metrics.commit.record(System.nanoTime() - tEnd, TimeUnit.NANOSECONDS);
      batches.incrementAndGet();
      metrics.batch.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      LOG.debug("batch {}: {} in, {} codes, {} samples, {} proxy", index, records.size(), result.styleCodes().size(),
          result.train().size(), result.proxy().size());
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | SimulatedCrash e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("transaction of batch {} failed ({}); aborting and re-reading from the batch start", index, e.toString());
      producer.abortTransaction();
      metrics.aborted.increment();
      return false;
    }
  }

  private AugmentEngine.Result processIsolated(List<InputImage> good, List<ConsumerRecord<byte[], byte[]>> records) {
    List<StyleCode> codes = new ArrayList<>();
    List<AugmentedSample> train = new ArrayList<>();
    List<AugmentedSample> proxy = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      try {
        AugmentEngine.Result r = engine.process(List.of(good.get(i)), pool.snapshot().values(), System.currentTimeMillis());
        codes.addAll(r.styleCodes());
        train.addAll(r.train());
        proxy.addAll(r.proxy());
      } catch (CodecException | RuntimeException e) {
        deadLetter(records.get(i), "codec", e.getClass().getName(), e.getMessage());
      }
    }
    return new AugmentEngine.Result(codes, train, proxy);
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String stage, String errorClass, String message) {
    LOG.warn("dead letter {}-{}@{} at {}: {}", r.topic(), r.partition(), r.offset(), stage, message);
    producer.send(DeadLetters.of(config.getString(WorkerConfig.TOPIC_DLQ), r, stage, errorClass, message));
    metrics.deadLetter(stage);
    metrics.recordsOut(config.getString(WorkerConfig.TOPIC_DLQ), 1);
  }

  private <T extends SpecificRecord> void send(String topic, List<T> values, java.util.function.Function<T, String> key) {
    for (T v : values) {
      byte[] k = key.apply(v).getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(topic, k, serializer.serialize(topic, v)));
    }
    if (!values.isEmpty()) {
      metrics.recordsOut(topic, values.size());
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<TopicPartition, OffsetAndMetadata> m = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      m.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    return m;
  }

  private void rewind(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
    }
    first.forEach((tp, off) -> {
      if (consumer.assignment().contains(tp)) {
        consumer.seek(tp, off);
      }
    });
  }

  private void updateLag() {
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong lag = consumer.currentLag(tp);
      if (lag.isPresent()) {
        metrics.lag(tp, lag.getAsLong());
      }
    }
  }

  /** Stops the loop after the current batch and waits for it to finish (up to {@code timeout}). */
  public boolean stop(Duration timeout) throws InterruptedException {
    running = false;
    consumer.wakeup();
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void closeClients(boolean crashed) {
    try {
      pool.close();
    } catch (RuntimeException e) {
      LOG.warn("closing pool replica: {}", e.toString());
    }
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("closing consumer: {}", e.toString());
    }
    try {
      // A crash leaves its transaction open; the next producer with this transactional.id aborts it.
      producer.close(crashed ? Duration.ZERO : Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.warn("closing producer: {}", e.toString());
    }
  }

  @Override
  public void close() {
    try {
      if (!stop(Duration.ofMillis(config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS) + 10_000L))) {
        LOG.warn("worker loop did not stop within transaction.timeout.ms + 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
