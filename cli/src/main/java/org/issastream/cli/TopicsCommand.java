package org.issastream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.issastream.schemas.topics.TopicCatalogue;
import org.issastream.schemas.topics.TopicProvisioner;
import org.issastream.schemas.topics.TopicsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code issa topics}: creates the catalogue's topics on any cluster (or, with {@code --check},
 * only compares them), so that a deployment's topics come from the same {@code TopicCatalogue} as
 * the local mode's instead of a hand-written list.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Creates the ISSA Stream topics (partitions, compaction, message size limits) on a "
        + "cluster,", "idempotently; --check only reports missing or mismatched topics. Exit code 1 "
        + "when any topic is not as the catalogue says.",
        "Keys: topics.prefix, topics.partitions, topics.pool.partitions, topics.replication.factor, "
        + "topics.image.max.message.bytes (docs/schemas.md); kafka.* go to the admin client."})
final class TopicsCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--config", description = "Properties file with topics.* and kafka.* keys.")
  Path configFile;

  @Option(names = "-D", description = "Any topics.* or kafka.* key, e.g. -D topics.partitions=12.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--check", description = "Only compare, create nothing.")
  boolean check;

  @Option(names = "--timeout", defaultValue = "PT30S",
      description = "Admin call timeout, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> m = ConfigSources.load(configFile, overrides);
    Map<String, Object> admin = new HashMap<>(new TopicsConfig(m).originalsWithPrefix("kafka."));
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    TopicCatalogue catalogue = new TopicCatalogue(m);
    try (Admin a = Admin.create(admin)) {
      TopicProvisioner p = new TopicProvisioner(a, timeout);
      TopicProvisioner.Report report = check ? p.check(catalogue.all()) : p.provision(catalogue.all());
      System.out.println(report.describe());
      return report.ok() ? 0 : 1;
    }
  }
}
