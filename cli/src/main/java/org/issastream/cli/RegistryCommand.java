package org.issastream.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.issastream.embedded.registry.SchemaRegistryServer;
import org.issastream.embedded.registry.SchemaRegistryServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa registry}: the Confluent-API schema registry against any Kafka cluster, until Ctrl-C. */
@Command(name = "registry", mixinStandardHelpOptions = true,
    description = "Serve the Confluent-compatible schema registry (Avro) over HTTP, storing its log in a "
        + "compacted topic of any Kafka cluster; run until Ctrl-C.")
final class RegistryCommand implements Callable<Integer> {

  @Option(names = {"-b", "--bootstrap-servers"}, required = true, description = "Kafka cluster holding the schema log.")
  String bootstrapServers;

  @Option(names = "--host", defaultValue = "localhost", description = "HTTP bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8081", description = "HTTP port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--topic", defaultValue = "_schemas", description = "Schema log topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--compatibility", defaultValue = "BACKWARD", description = "Global compatibility level until set via PUT /config (default: ${DEFAULT-VALUE}).")
  String compatibility;

  @Option(names = "--basic-auth-user-info", description = "Require HTTP basic auth with these user:password credentials.")
  String basicAuth;

  @Option(names = {"-X", "--kafka-property"}, description = "Kafka client property key=value for the store (repeatable), e.g. -X security.protocol=SSL.")
  Map<String, String> kafkaProperties = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, Object> c = new HashMap<>();
    c.put(SchemaRegistryServerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    c.put(SchemaRegistryServerConfig.HOST, host);
    c.put(SchemaRegistryServerConfig.PORT, port);
    c.put(SchemaRegistryServerConfig.TOPIC, topic);
    c.put(SchemaRegistryServerConfig.COMPATIBILITY_LEVEL, compatibility);
    if (basicAuth != null) {
      c.put(SchemaRegistryServerConfig.BASIC_AUTH_USER_INFO, basicAuth);
    }
    kafkaProperties.forEach((k, v) -> c.put(SchemaRegistryServerConfig.KAFKASTORE_PREFIX + k, v));
    SchemaRegistryServer server = SchemaRegistryServer.start(c);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "issa-registry-shutdown"));
    System.out.println("schema.registry.url=" + server.url());
    System.out.println("issa registry: up (log topic " + server.topic() + "). Ctrl-C to stop.");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
