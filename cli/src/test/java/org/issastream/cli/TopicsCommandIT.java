package org.issastream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code issa topics} against the real broker: create, idempotent re-run, check, mismatch. */
@ExtendWith(IssaClusterExtension.class)
class TopicsCommandIT {

  private static int run(String... args) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      return IssaMain.commandLine().execute(args);
    } finally {
      System.setOut(out);
    }
  }

  @Test
  void createsTheCatalogueIdempotentlyAndReportsMismatches(TestCluster cluster) throws Exception {
    String prefix = cluster.uniqueTopic("t") + ".";
    String bs = cluster.bootstrapServers();
    assertEquals(1, run("topics", "--bootstrap-servers", bs, "-D", "topics.prefix=" + prefix, "--check"),
        "nothing exists yet: check fails");
    assertEquals(0, run("topics", "--bootstrap-servers", bs, "-D", "topics.prefix=" + prefix,
        "-D", "topics.partitions=3"));
    assertEquals(0, run("topics", "--bootstrap-servers", bs, "-D", "topics.prefix=" + prefix,
        "-D", "topics.partitions=3"), "a second run finds everything in place");
    assertEquals(0, run("topics", "--bootstrap-servers", bs, "-D", "topics.prefix=" + prefix,
        "-D", "topics.partitions=3", "--check"));
    assertEquals(1, run("topics", "--bootstrap-servers", bs, "-D", "topics.prefix=" + prefix,
        "-D", "topics.partitions=5", "--check"), "other partition counts are a mismatch");

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bs))) {
      String images = prefix + "fleet.images";
      String pool = prefix + "style.pool";
      Map<String, TopicDescription> d = admin.describeTopics(Set.of(images, pool)).allTopicNames().get();
      assertEquals(3, d.get(images).partitions().size());
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, pool);
      String cleanup = admin.describeConfigs(Set.of(r)).all().get().get(r).get("cleanup.policy").value();
      assertTrue(cleanup.contains("compact"), cleanup);
    }
  }
}
