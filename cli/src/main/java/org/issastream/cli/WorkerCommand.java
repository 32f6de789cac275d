package org.issastream.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.issastream.codec.Codec;
import org.issastream.worker.AugmentWorker;
import org.issastream.worker.WorkerConfig;
import org.issastream.worker.WorkerHooks;
import org.issastream.worker.WorkerHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code issa worker}: one augment worker (consumer-group member) against any cluster. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Runs an augment worker: fleet.images + fleet.exemplars -> style.codes, augmented.samples,",
        "proxy.validation, fleet.images.dlq, exactly once. Configuration keys: docs/worker.md",
        "(--config FILE, then -D key=value, then the options below; kafka.* keys go to the Kafka clients)."})
final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--config", description = "Properties file with worker keys.")
  Path configFile;

  @Option(names = "-D", description = "Any worker key, e.g. -D variants.per.image=8.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: localhost:9092).")
  String bootstrap;

  @Option(names = "--registry-url", description = "Schema registry URL (default: http://localhost:8081).")
  String registry;

  @Option(names = "--instance-id", description = "Stable id of this worker (transactional id suffix).")
  String instanceId;

  @Option(names = "--variants", description = "K, variants per labelled TRAIN image.")
  Integer variants;

  @Option(names = "--http-port", description = "Metrics/health port; 0 = any, -1 = off (default 9401).")
  Integer httpPort;

  @Mixin CodecOptions codecOptions;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> m = ConfigSources.load(configFile, overrides);
    // the options below beat the file and -D, as the help says
    putOption(m, WorkerConfig.BOOTSTRAP_SERVERS, bootstrap, "localhost:9092");
    putOption(m, WorkerConfig.REGISTRY_URL, registry, "http://localhost:8081");
    if (instanceId != null) {
      m.put(WorkerConfig.INSTANCE_ID, instanceId);
    }
    if (variants != null) {
      m.put(WorkerConfig.VARIANTS, variants);
    }
    if (httpPort != null) {
      m.put(WorkerConfig.HTTP_PORT, httpPort);
    }
    WorkerConfig config = new WorkerConfig(m);
    try (Codec codec = codecOptions.load(config.getString(WorkerConfig.CODEC_DIR),
        config.getString(WorkerConfig.CODEC_DEVICE))) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      AugmentWorker worker = new AugmentWorker(config, codec, registry, WorkerHooks.NONE);
      WorkerHttpServer http = null;
      int port = config.getInt(WorkerConfig.HTTP_PORT);
      if (port >= 0) {
        http = new WorkerHttpServer(config.getString(WorkerConfig.HTTP_HOST), port, registry::scrape,
            worker::healthy, worker::ready).start();
        System.err.println("worker: metrics at " + http.url() + "/metrics, /health, /ready");
      }
      Thread loop = new Thread(worker, "augment-worker");
      Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "worker-shutdown"));
      loop.start();
      loop.join();
      if (http != null) {
        http.close();
      }
      return worker.failure() == null ? 0 : 1;
    }
  }

  private static void putOption(Map<String, Object> m, String key, String option, String fallback) {
    if (option != null) {
      m.put(key, option);
    } else {
      m.putIfAbsent(key, fallback);
    }
  }
}
