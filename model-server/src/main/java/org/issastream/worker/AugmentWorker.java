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
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
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
 * <p>Threads: {@link #run()} owns the consumer. Each micro-batch goes through four single-threaded
 * stages: decode (and validate), compute (invert and synthesise), encode (PNG samples, serialised
 * records), all Kafka-free, then commit: its records and offsets in one transaction. Up to
 * {@code pipeline.depth} batches are in flight, so the codec works on one batch while the next is
 * decoded and the previous ones are encoded, sent and committed; transactions
 * still commit one at a time in poll order. If one aborts, the batches behind it skip their
 * transactions and the poll thread reads them all again from the aborted batch's first offsets.
 * While the queue is full the poll thread keeps polling with every assigned partition paused (so a
 * slow batch never exceeds {@code max.poll.interval.ms}). In-flight work is bounded to
 * {@code pipeline.depth} micro-batches of at most {@code batch.max.records}. {@link #close()} may be
 * called from any thread: it wakes the consumer, lets the batches in flight finish, then closes the
 * clients.
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
  /** Decodes and validates one batch at a time, in poll order. */
  private final ExecutorService decodeThread;
  /** Runs the codec on one batch at a time, in poll order. */
  private final ExecutorService computeThread;
  /** Encodes samples and serialises records of one batch at a time, in poll order. */
  private final ExecutorService encodeThread;
  /** Sends and commits one batch's transaction at a time, in poll order. */
  private final ExecutorService commitThread;
  /** Per-record work of the decode and encode stages, spread over the cores. */
  private final ForkJoinPool helpers;
  /** Batches polled and not yet reaped, oldest first (poll thread only). */
  private final java.util.ArrayDeque<Flight> flights = new java.util.ArrayDeque<>();
  private final int depth;
  /** Batches submitted so far (poll thread only). */
  private long submitted;
  /** Set by an aborted transaction: later batches skip theirs until the poll thread re-reads. */
  private volatile boolean redo;
  /**
   * Set when a batch cannot commit for good (a fatal producer error, a simulated crash, or any
   * failure of its stages other than an aborted transaction): no later transaction starts, since
   * its offsets would pass the failed batch's records.
   */
  private volatile boolean fatal;
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
    this.depth = config.getInt(WorkerConfig.PIPELINE_DEPTH);
    this.decodeThread = stageThread("augment-decode");
    this.computeThread = stageThread("augment-compute");
    this.encodeThread = stageThread("augment-encode");
    this.commitThread = stageThread("augment-commit");
    this.helpers = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      t.setName("augment-helper-" + t.getPoolIndex());
      t.setDaemon(true);
      return t;
    }, null, false);

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
          // let the batches in flight commit their offsets before the partitions move to another worker
          awaitAllInFlight(Duration.ofMillis(config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS)));
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
        reap();
        if (flights.size() >= depth) {
          awaitHead();
          continue;
        }
        List<ConsumerRecord<byte[], byte[]>> batch = pollBatch();
        if (!batch.isEmpty()) {
          submit(batch);
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
      // a batch may run up to the transaction timeout; let the batches in flight commit rather
      // than redo them
      awaitAllInFlight(Duration.ofMillis(config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS)));
      decodeThread.shutdownNow();
      computeThread.shutdownNow();
      encodeThread.shutdownNow();
      commitThread.shutdownNow();
      helpers.shutdownNow();
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

  private static ExecutorService stageThread(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
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

  /** One polled micro-batch on its way through the two stages; owned by the poll thread. */
  private record Flight(List<ConsumerRecord<byte[], byte[]>> records, Future<Boolean> committed) {}

  /**
   * What the encode stage made of one batch: every record its transaction will send (style codes,
   * samples, proxy samples, dead letters; already serialised) and the offsets to commit with them.
   */
  private record Prepared(List<ProducerRecord<byte[], byte[]>> out, Map<String, Integer> outCounts,
      List<String> deadLetterStages, Map<TopicPartition, OffsetAndMetadata> offsets, long startNanos) {}

  /**
   * The compute stage's output for one batch: dead letters found while decoding (already records
   * of its transaction), the codec's results (one part per batch, or one per image when the batch
   * had to be isolated), the offsets to commit.
   */
  private record Computed(List<ProducerRecord<byte[], byte[]>> deadLetters, Map<String, Integer> counts,
      List<String> deadLetterStages, List<AugmentEngine.Inferred> parts, Map<TopicPartition, OffsetAndMetadata> offsets,
      long startNanos) {}

  /**
   * Starts a batch through four single-threaded stages, each FIFO: the decode thread decodes and
   * validates it, the compute thread runs the codec, the encode thread encodes the samples and
   * serialises every record, the commit thread sends them with the batch's offsets in one
   * transaction, after the transactions of all earlier batches. The poll thread only polls and
   * keeps the books.
   */
  private void submit(List<ConsumerRecord<byte[], byte[]>> batch) {
    ConsumerGroupMetadata group = consumer.groupMetadata();
    Future<Decoded> decoded = decodeThread.submit(() -> decode(batch));
    long sequence = submitted++;
    Future<Computed> computed = computeThread.submit(() -> compute(await(decoded), sequence));
    Future<Prepared> prepared = encodeThread.submit(() -> encode(await(computed)));
    Future<Boolean> committed = commitThread.submit(() -> {
      Prepared p;
      try {
        p = await(prepared);
      } catch (Exception | Error e) {
        fatal = true; // this batch cannot commit, so no batch behind it may (its offsets would skip ours)
        throw e;
      }
      return commit(p, group);
    });
    flights.addLast(new Flight(batch, committed));
  }

  /** The result of an earlier stage; its failure becomes this stage's. */
  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw rethrowable(e.getCause());
    }
  }

  /**
   * Takes the finished batches off the head of the queue. A batch whose transaction was aborted is
   * read again from its first offsets; so are all batches behind it (their commit steps skip the
   * transaction once one before them aborted, so their offsets never pass the aborted records).
   */
  private void reap() throws CodecException {
    while (!flights.isEmpty() && flights.peekFirst().committed().isDone()) {
      Flight head = flights.pollFirst();
      if (!outcome(head)) {
        List<ConsumerRecord<byte[], byte[]>> again = new ArrayList<>(head.records());
        for (Flight later : flights) {
          awaitQuietly(later, Duration.ofMillis(config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS)));
          again.addAll(later.records());
        }
        flights.clear();
        redo = false;
        rewind(again);
      }
      updateLag();
    }
  }

  /**
   * Waits for the oldest batch while polling with every assigned partition paused, so a long batch
   * never exceeds {@code max.poll.interval.ms}; records a rebalance lets through meanwhile are sought
   * back and read again later.
   */
  private void awaitHead() {
    Future<Boolean> f = flights.peekFirst().committed();
    Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
    consumer.pause(paused);
    try {
      while (!f.isDone()) {
        // wait on the batch itself, so its end is noticed at once (a paused poll would sit out its
        // whole timeout), and poll in between to stay in the group
        try {
          f.get(50, TimeUnit.MILLISECONDS);
          break;
        } catch (java.util.concurrent.TimeoutException e) {
          // still running
        } catch (ExecutionException e) {
          break; // reported by reap()
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
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
  }

  /** true if the batch committed, false if it must be read again; rethrows what stopped it. */
  private static boolean outcome(Flight f) throws CodecException {
    try {
      return f.committed().get();
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
    }
  }

  private static Exception rethrowable(Throwable t) {
    if (t instanceof Exception e) {
      return e;
    }
    throw (Error) t;
  }

  /** Lets every batch in flight finish (commit or abort), up to {@code timeout} in all. */
  private void awaitAllInFlight(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Flight f : flights) {
      awaitQuietly(f, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  private static void awaitQuietly(Flight f, Duration timeout) {
    try {
      f.committed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("in-flight batch did not complete cleanly: {}", e.toString());
    }
  }

  /** The decode stage's output for one batch: its good inputs and the dead letters of the rest. */
  private record Decoded(List<InputImage> good, List<ConsumerRecord<byte[], byte[]>> goodRecords,
      List<ProducerRecord<byte[], byte[]>> deadLetters, Map<String, Integer> counts, List<String> deadLetterStages,
      Map<TopicPartition, OffsetAndMetadata> offsets, long startNanos) {}

  /**
   * The decode stage of one batch: deserialise, decode and validate every record; bad ones become
   * dead letters of the batch's transaction.
   */
  private Decoded decode(List<ConsumerRecord<byte[], byte[]>> records) {
    long t0 = System.nanoTime();
    metrics.batchSize.record(records.size());
    List<ProducerRecord<byte[], byte[]>> dead = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<String> dlqStages = new ArrayList<>();
    List<InputImage> good = new ArrayList<>(records.size());
    List<ConsumerRecord<byte[], byte[]>> goodRecords = new ArrayList<>(records.size());
    // Decoding (Avro + PNG/JPEG + resize) is independent per record: spread it over the cores,
    // then handle the outcomes in record order.
    Object[] decoded = new Object[records.size()];
    helpers.submit(() -> IntStream.range(0, records.size()).parallel().forEach(i -> {
      ConsumerRecord<byte[], byte[]> r = records.get(i);
      try {
        decoded[i] = decoder.decode(r.topic(), r.headers(), r.value(), r.topic().equals(exemplarsTopic));
      } catch (RejectedInputException e) {
        decoded[i] = e;
      }
    })).join();
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<byte[], byte[]> r = records.get(i);
      metrics.recordsIn(r.topic(), 1);
      if (decoded[i] instanceof RejectedInputException e) {
        deadLetter(dead, counts, dlqStages, r, e.stage(), e.errorClass(), e.getMessage());
      } else {
        good.add((InputImage) decoded[i]);
        goodRecords.add(r);
      }
    }
    metrics.decode.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    return new Decoded(good, goodRecords, dead, counts, dlqStages, nextOffsets(records), t0);
  }

  /** The compute stage of one batch: invert and synthesise (a failing batch is isolated per image). */
  private Computed compute(Decoded d, long sequence) {
    List<ProducerRecord<byte[], byte[]>> dead = new ArrayList<>(d.deadLetters());
    Map<String, Integer> counts = new LinkedHashMap<>(d.counts());
    List<String> dlqStages = new ArrayList<>(d.deadLetterStages());
    List<AugmentEngine.Inferred> parts;
    try {
      parts = List.of(engine.infer(d.good(), pool.snapshot().values(), System.currentTimeMillis()));
    } catch (CodecException | RuntimeException e) {
      // Find the culprit(s) one by one; the others still produce.
      LOG.warn("batch of {} failed in the codec ({}); isolating records", d.good().size(), e.toString());
      parts = inferIsolated(d.good(), d.goodRecords(), dead, counts, dlqStages);
    }
    for (AugmentEngine.Inferred part : parts) {
      metrics.invert.record(part.invertNanos(), TimeUnit.NANOSECONDS);
      metrics.synth.record(part.synthNanos(), TimeUnit.NANOSECONDS);
    }
    hooks.afterCompute(sequence);
    return new Computed(dead, counts, dlqStages, parts, d.offsets(), d.startNanos());
  }

  /** The encode stage of one batch: PNG-encode its samples and serialise every record it sends. */
  private Prepared encode(Computed c) {
    long t0 = System.nanoTime();
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(c.deadLetters());
    Map<String, Integer> counts = new LinkedHashMap<>(c.counts());
    for (AugmentEngine.Inferred part : c.parts()) {
      // finish() encodes in a parallel stream: inside a task of `helpers` it runs on that pool
      AugmentEngine.Result result = helpers.submit(() -> engine.finish(part)).join();
      serialise(out, counts, config.getString(WorkerConfig.TOPIC_STYLE_CODES), result.styleCodes(), StyleCode::getImageId);
      serialise(out, counts, config.getString(WorkerConfig.TOPIC_AUGMENTED), result.train(), AugmentedSample::getSampleId);
      serialise(out, counts, config.getString(WorkerConfig.TOPIC_PROXY), result.proxy(), AugmentedSample::getSampleId);
    }
    metrics.encode.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    return new Prepared(out, counts, c.deadLetterStages(), c.offsets(), c.startNanos());
  }

  /**
   * The commit stage of one batch: its records and input offsets in one transaction. Skipped
   * (false) once an earlier batch aborted or the worker hit a fatal error; false after an abort.
   */
  private boolean commit(Prepared p, ConsumerGroupMetadata group) {
    if (redo || fatal) {
      return false;
    }
    long index = batches.get();
    producer.beginTransaction();
    try {
      long tSend = System.nanoTime();
      for (ProducerRecord<byte[], byte[]> r : p.out()) {
        producer.send(r);
      }
      hooks.afterSend(index);
      long tEnd = System.nanoTime();
      metrics.send.record(tEnd - tSend, TimeUnit.NANOSECONDS);
      producer.sendOffsetsToTransaction(p.offsets(), group);
      producer.commitTransaction();
      metrics.commit.record(System.nanoTime() - tEnd, TimeUnit.NANOSECONDS);
      p.outCounts().forEach(metrics::recordsOut);
      p.deadLetterStages().forEach(metrics::deadLetter);
      batches.incrementAndGet();
      metrics.batch.record(System.nanoTime() - p.startNanos(), TimeUnit.NANOSECONDS);
      LOG.debug("batch {}: {} records out {}", index, p.out().size(), p.outCounts());
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | SimulatedCrash e) {
      fatal = true;
      throw e;
    } catch (KafkaException e) {
      LOG.warn("transaction of batch {} failed ({}); aborting and re-reading from the batch start", index, e.toString());
      redo = true;
      try {
        producer.abortTransaction();
      } catch (RuntimeException abortFailed) {
        fatal = true;
        throw abortFailed;
      }
      metrics.aborted.increment();
      return false;
    } catch (RuntimeException | Error e) {
      fatal = true;
      throw e;
    }
  }

  private List<AugmentEngine.Inferred> inferIsolated(List<InputImage> good, List<ConsumerRecord<byte[], byte[]>> records,
      List<ProducerRecord<byte[], byte[]>> dead, Map<String, Integer> counts, List<String> dlqStages) {
    List<AugmentEngine.Inferred> parts = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      try {
        parts.add(engine.infer(List.of(good.get(i)), pool.snapshot().values(), System.currentTimeMillis()));
      } catch (CodecException | RuntimeException e) {
        deadLetter(dead, counts, dlqStages, records.get(i), "codec", e.getClass().getName(), e.getMessage());
      }
    }
    return parts;
  }

  private void deadLetter(List<ProducerRecord<byte[], byte[]>> out, Map<String, Integer> counts, List<String> dlqStages,
      ConsumerRecord<byte[], byte[]> r, String stage, String errorClass, String message) {
    LOG.warn("dead letter {}-{}@{} at {}: {}", r.topic(), r.partition(), r.offset(), stage, message);
    String topic = config.getString(WorkerConfig.TOPIC_DLQ);
    out.add(DeadLetters.of(topic, r, stage, errorClass, message));
    counts.merge(topic, 1, Integer::sum);
    dlqStages.add(stage);
  }

  private <T extends SpecificRecord> void serialise(List<ProducerRecord<byte[], byte[]>> out, Map<String, Integer> counts,
      String topic, List<T> values, java.util.function.Function<T, String> key) {
    for (T v : values) {
      byte[] k = key.apply(v).getBytes(StandardCharsets.UTF_8);
      out.add(new ProducerRecord<>(topic, k, serializer.serialize(topic, v)));
    }
    if (!values.isEmpty()) {
      counts.merge(topic, values.size(), Integer::sum);
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
