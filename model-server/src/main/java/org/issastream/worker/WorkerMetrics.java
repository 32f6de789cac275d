package org.issastream.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/** The worker's Micrometer meters (names are Prometheus-style once scraped: issa_worker_...). */
final class WorkerMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> in = new ConcurrentHashMap<>();
  private final Map<String, Counter> out = new ConcurrentHashMap<>();
  private final Map<String, Counter> dlq = new ConcurrentHashMap<>();
  private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
  final DistributionSummary batchSize;
  final Timer invert;
  final Timer synth;
  final Timer batch;
  final Timer decode;
  final Timer encode;
  final Timer send;
  final Timer commit;
  final Counter aborted;

  WorkerMetrics(MeterRegistry registry, Supplier<Number> poolSize) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder("issa.worker.batch.size").description("Input records per micro-batch")
        .publishPercentileHistogram().serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
    this.invert = timer("issa.worker.stage.latency", "invert");
    this.synth = timer("issa.worker.stage.latency", "synthesize");
    this.batch = timer("issa.worker.stage.latency", "batch");
    this.decode = timer("issa.worker.stage.latency", "decode");
    this.encode = timer("issa.worker.stage.latency", "encode");
    this.send = timer("issa.worker.stage.latency", "send");
    this.commit = timer("issa.worker.stage.latency", "commit");
    this.aborted = Counter.builder("issa.worker.transactions.aborted").register(registry);
    Gauge.builder("issa.worker.pool.size", poolSize).description("Entries in the local style.pool replica").register(registry);
  }

  private Timer timer(String name, String stage) {
    return Timer.builder(name).tag("stage", stage).publishPercentiles(0.5, 0.99)
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2)).register(registry);
  }

  void recordsIn(String topic, int n) {
    in.computeIfAbsent(topic, t -> Counter.builder("issa.worker.records.in").tag("topic", t).register(registry)).increment(n);
  }

  void recordsOut(String topic, int n) {
    out.computeIfAbsent(topic, t -> Counter.builder("issa.worker.records.out").tag("topic", t).register(registry)).increment(n);
  }

  void deadLetter(String stage) {
    dlq.computeIfAbsent(stage, s -> Counter.builder("issa.worker.dlq").tag("reason", s).register(registry)).increment();
  }

  void lag(TopicPartition tp, long value) {
    lag.computeIfAbsent(tp, p -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder("issa.worker.consumer.lag", v, AtomicLong::get)
          .tag("topic", p.topic()).tag("partition", Integer.toString(p.partition())).register(registry);
      return v;
    }).set(value);
  }

  double dlqCount() {
    return dlq.values().stream().mapToDouble(Counter::count).sum();
  }

  double outCount(String topic) {
    Counter c = out.get(topic);
    return c == null ? 0 : c.count();
  }
}
