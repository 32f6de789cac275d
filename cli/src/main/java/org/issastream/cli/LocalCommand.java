package org.issastream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.issastream.embedded.LocalStack;
import org.issastream.embedded.registry.SchemaRegistryServerConfig;
import org.issastream.schemas.topics.TopicSpec;
import org.issastream.schemas.topics.TopicsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa local}: broker + schema registry + all topics in this process, until Ctrl-C. */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = {"Start a single-node Kafka broker (KRaft), the schema registry and every project topic in this "
        + "process; print the addresses; run until Ctrl-C."})
final class LocalCommand implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "localhost", description = "Listener host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9092", description = "Kafka client port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--controller-port", defaultValue = "0", description = "KRaft controller port, 0 = any free.")
  int controllerPort;

  @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port, 0 = any free (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(names = "--data-dir", description = "Keep broker data here across restarts (default: a temporary directory deleted on exit).")
  Path dataDir;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of every topic name.")
  String topicPrefix;

  @Option(names = "--partitions", description = "Partitions of the data topics (default: 6).")
  Integer partitions;

  @Option(names = "--max-message-bytes", defaultValue = "16777216", description = "Largest record the broker and image topics accept (default: ${DEFAULT-VALUE}).")
  int maxMessageBytes;

  @Option(names = "--compatibility", defaultValue = "BACKWARD", description = "Registry's global compatibility level (default: ${DEFAULT-VALUE}).")
  String compatibility;

  @Option(names = "--ready-file", description = "Once up, write bootstrap.servers and schema.registry.url here (properties format) for scripts.")
  Path readyFile;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> kafka = BrokerCommand.kafkaConfig(host, port, controllerPort, dataDir, maxMessageBytes);
    Map<String, Object> registry = new HashMap<>();
    registry.put(SchemaRegistryServerConfig.HOST, host);
    registry.put(SchemaRegistryServerConfig.PORT, registryPort);
    registry.put(SchemaRegistryServerConfig.COMPATIBILITY_LEVEL, compatibility);
    Map<String, Object> topics = new HashMap<>();
    topics.put(TopicsConfig.PREFIX, topicPrefix);
    topics.put(TopicsConfig.IMAGE_MAX_MESSAGE_BYTES, maxMessageBytes);
    if (partitions != null) {
      topics.put(TopicsConfig.PARTITIONS, partitions);
    }
    LocalStack stack = LocalStack.start(kafka, registry, topics);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("issa local: stopping ...");
      stack.close();
      stopped.countDown();
    }, "issa-local-shutdown"));

    StringBuilder out = new StringBuilder();
    out.append("bootstrap.servers=").append(stack.bootstrapServers()).append('\n');
    out.append("schema.registry.url=").append(stack.registryUrl()).append('\n');
    System.out.print(out);
    System.out.println("topics:");
    for (TopicSpec t : stack.topics().all()) {
      System.out.printf("  %-32s partitions=%d %s%n", t.name(), t.partitions(), t.compacted() ? "compacted" : "");
    }
    System.out.printf("issa local: up in %d ms (data in %s). Ctrl-C to stop.%n", stack.startupTime().toMillis(),
        stack.kafka().dataDir());
    System.out.flush();
    if (readyFile != null) {
      Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
      Files.writeString(tmp, out.toString() + "startup.ms=" + stack.startupTime().toMillis() + "\n");
      Files.move(tmp, readyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    stopped.await();
    return 0;
  }

}
