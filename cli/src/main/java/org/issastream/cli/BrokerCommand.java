package org.issastream.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.issastream.embedded.EmbeddedKafka;
import org.issastream.embedded.EmbeddedKafkaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa broker}: only the single-node KRaft broker, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Start a single-node Kafka broker (KRaft, broker+controller) in this process; run until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "localhost", description = "Listener host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9092", description = "Client port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--controller-port", defaultValue = "0", description = "KRaft controller port, 0 = any free.")
  int controllerPort;

  @Option(names = "--data-dir", description = "Keep data here across restarts (default: a temporary directory deleted on exit).")
  Path dataDir;

  @Option(names = "--max-message-bytes", defaultValue = "16777216", description = "Broker message.max.bytes (default: ${DEFAULT-VALUE}).")
  int maxMessageBytes;

  @Option(names = {"-D", "--broker-property"}, description = "Extra broker property key=value (repeatable), e.g. -D log.retention.hours=1.")
  Map<String, String> brokerProperties = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, Object> config = kafkaConfig(host, port, controllerPort, dataDir, maxMessageBytes);
    brokerProperties.forEach((k, v) -> config.put(EmbeddedKafkaConfig.BROKER_PREFIX + k, v));
    EmbeddedKafka kafka = EmbeddedKafka.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }, "issa-broker-shutdown"));
    System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
    System.out.println("issa broker: up (data in " + kafka.dataDir() + "). Ctrl-C to stop.");
    System.out.flush();
    stopped.await();
    return 0;
  }

  static Map<String, Object> kafkaConfig(String host, int port, int controllerPort, Path dataDir, int maxMessageBytes) {
    Map<String, Object> c = new HashMap<>();
    c.put(EmbeddedKafkaConfig.HOST, host);
    c.put(EmbeddedKafkaConfig.BROKER_PORT, port);
    c.put(EmbeddedKafkaConfig.CONTROLLER_PORT, controllerPort);
    c.put(EmbeddedKafkaConfig.MAX_MESSAGE_BYTES, maxMessageBytes);
    if (dataDir != null) {
      c.put(EmbeddedKafkaConfig.DATA_DIR, dataDir.toAbsolutePath().toString());
    }
    return c;
  }
}
