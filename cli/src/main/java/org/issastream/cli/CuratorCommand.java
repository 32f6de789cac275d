package org.issastream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.issastream.streams.curator.CuratorApp;
import org.issastream.streams.curator.CuratorConfig;
import org.issastream.streams.curator.CuratorException;
import org.issastream.streams.curator.CuratorSerdes;
import org.issastream.streams.curator.policy.AgeBasis;
import org.issastream.streams.curator.policy.PolicySettings;
import org.issastream.streams.curator.policy.QuotaPlan;
import org.issastream.streams.curator.policy.ReplacementPolicy;
import org.issastream.streams.curator.sim.AdmissionBenchmark;
import org.issastream.streams.curator.sim.PoolSimulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa curator}: runs the exemplar-pool curator against any Kafka cluster. */
@Command(
    name = "curator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the exemplar-pool curator (Kafka Streams): style.codes -> style.pool.",
      "Configuration: --config FILE (properties, keys: 'issa curator keys' and docs/curator.md),",
      "then -D key=value, then the options below. Keys under streams.* go to Kafka Streams,",
      "serde.* to the Avro serdes."
    },
    subcommands = {CuratorCommand.Simulate.class, CuratorCommand.Bench.class, CuratorCommand.Keys.class})
public final class CuratorCommand implements Callable<Integer> {

  @Option(names = "--config", description = "Properties file with curator.*, streams.*, serde.* keys.")
  Path configFile;

  @Option(names = "-D", description = "Any configuration key, e.g. -D curator.ttl.ms=3600000.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (streams.bootstrap.servers).")
  String bootstrap;

  @Option(names = "--registry-url", description = "Schema registry URL (serde.schema.registry.url).")
  String registry;

  @Option(names = "--state-dir", description = "Kafka Streams state directory (streams.state.dir).")
  Path stateDir;

  @Option(names = "--application-id", description = "Kafka Streams application id (default issa-curator).")
  String applicationId;

  @Option(names = "--codec-id", description = "Codec id of the pool (curator.codec.id).")
  String codecId;

  @Option(names = "--num-styles", description = "L, style slots per code (curator.codec.num.styles).")
  Integer numStyles;

  @Option(names = "--style-dim", description = "D, width of a style slot (curator.codec.style.dim).")
  Integer styleDim;

  @Option(names = "--http-port", description = "Query/metrics HTTP port; 0 = any, -1 = off (default 7072).")
  Integer httpPort;

  /** Merges file, -D and options, in that order of increasing precedence. */
  Map<String, Object> configMap() throws IOException {
    Map<String, Object> m = ConfigSources.load(configFile, overrides);
    putIf(m, "streams.bootstrap.servers", bootstrap);
    putIf(m, "serde.schema.registry.url", registry);
    putIf(m, "streams.state.dir", stateDir == null ? null : stateDir.toString());
    putIf(m, "streams.application.id", applicationId);
    putIf(m, CuratorConfig.CODEC_ID, codecId);
    putIf(m, CuratorConfig.NUM_STYLES, numStyles);
    putIf(m, CuratorConfig.STYLE_DIM, styleDim);
    putIf(m, CuratorConfig.HTTP_PORT, httpPort);
    return m;
  }

  private static void putIf(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value.toString());
    }
  }

  @Override
  public Integer call() throws IOException, CuratorException, InterruptedException {
    CuratorConfig config = new CuratorConfig(configMap());
    CuratorApp app = new CuratorApp(config, CuratorSerdes.codes(config), CuratorSerdes.pool(config));
    Thread hook = new Thread(app::close, "curator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    app.start();
    if (app.httpPort() > 0) {
      System.err.printf("curator: pool at http://%s:%d/pool, metrics at /metrics%n",
          config.httpHost(), app.httpPort());
    }
    while (!app.awaitStopped(Duration.ofHours(1))) {
      // runs until the stream stops (error) or the JVM is asked to exit (hook closes the app)
    }
    boolean failed = app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR;
    return failed ? 1 : 0;
  }

  /** {@code issa curator simulate}: the admission policy on a synthetic fleet over days. */
  @Command(name = "simulate", mixinStandardHelpOptions = true,
      description = {"Simulates the pool on a synthetic fleet with the real admission policy.",
          "Dry autumn, first snow on day 3 at 06h, thaw from day 5. Prints per row: entries per",
          "bucket, pool size, mean entry age (h), and since the previous row: admitted /",
          "rejected as not novel / replaced in a full bucket / evicted by TTL."})
  static final class Simulate implements Callable<Integer> {
    @Option(names = "--days", defaultValue = "7") int days;
    @Option(names = "--fleet-per-hour", defaultValue = "60", description = "Fleet codes per daytime hour.")
    int fleetPerHour;
    @Option(names = "--external-per-hour", defaultValue = "4") int externalPerHour;
    @Option(names = "--report-every", defaultValue = "12", description = "Hours between rows.")
    int reportEvery;
    @Option(names = "--seed", defaultValue = "7") long seed;
    @Option(names = "--capacity", defaultValue = "512") int capacity;
    @Option(names = "--quotas", defaultValue = CuratorConfig.DEFAULT_QUOTAS) String quotas;
    @Option(names = "--max-similarity", defaultValue = "0.95") double maxSimilarity;
    @Option(names = "--policy", defaultValue = "oldest", description = "oldest | least-novel") String policy;
    @Option(names = "--ttl-hours", defaultValue = "24") double ttlHours;
    @Option(names = "--age-basis", defaultValue = "capture", description = "capture | admission") String basis;

    @Override
    public Integer call() {
      QuotaPlan plan = QuotaPlan.apportion(capacity, QuotaPlan.parseWeights(List.of(quotas.split(","))));
      PolicySettings settings = new PolicySettings(maxSimilarity, ReplacementPolicy.fromConfig(policy),
          AgeBasis.fromConfig(basis), (long) (ttlHours * 3_600_000L));
      PoolSimulation.Result r = new PoolSimulation(new PoolSimulation.Params(
          plan, settings, days, fleetPerHour, externalPerHour, reportEvery, seed)).run(System.out);
      System.out.printf("total: admitted %d, replaced %d, ttl-evicted %d, rejected %s, max pool size %d%n",
          r.admitted(), r.replaced(), r.expired(), r.rejections(), r.maxPoolSize());
      return 0;
    }
  }

  /** {@code issa curator bench}: cost of one admission decision into a full bucket. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = "Measures admission decisions per second into a full bucket (pure policy, one thread).")
  static final class Bench implements Callable<Integer> {
    @Option(names = "--dims", split = ",", defaultValue = "512,7168",
        description = "L*D values per code, e.g. 7168 = 14 x 512 (StyleGAN2 W+ at 256 px).")
    List<Integer> dims;
    @Option(names = "--quotas", split = ",", defaultValue = "64,256") List<Integer> quotas;
    @Option(names = "--offers", defaultValue = "20000") int offers;

    @Override
    public Integer call() {
      System.out.printf("%8s %6s %12s %12s %10s%n", "L*D", "quota", "policy", "offers/s", "us/offer");
      for (int dim : dims) {
        for (int q : quotas) {
          for (ReplacementPolicy p : ReplacementPolicy.values()) {
            AdmissionBenchmark.Result r = AdmissionBenchmark.run(dim, q, p, offers, 1);
            System.out.printf("%8d %6d %12s %12.0f %10.1f%n", dim, q, p.configName(),
                r.offersPerSecond(), r.microsPerOffer());
          }
        }
      }
      return 0;
    }
  }

  /** {@code issa curator keys}: the documented configuration keys. */
  @Command(name = "keys", mixinStandardHelpOptions = true,
      description = "Prints every curator configuration key with its doc, default and valid values.")
  static final class Keys implements Runnable {
    @Override
    public void run() {
      System.out.println(CuratorConfig.CONFIG.toEnrichedRst());
    }
  }
}
