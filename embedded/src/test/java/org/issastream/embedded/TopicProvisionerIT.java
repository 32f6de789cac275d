package org.issastream.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.issastream.schemas.topics.TopicCatalogue;
import org.issastream.schemas.topics.TopicProvisioner;
import org.issastream.schemas.topics.TopicProvisioner.Outcome;
import org.issastream.schemas.topics.TopicProvisioner.TopicStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(IssaClusterExtension.class)
class TopicProvisionerIT {

  @Test
  void createsOnceThenFindsEverythingInPlace(TestCluster cluster) throws Exception {
    TopicCatalogue catalogue = new TopicCatalogue(Map.of("topics.prefix", cluster.uniqueTopic("prov") + ".", "topics.partitions", 2));
    TopicProvisioner provisioner = new TopicProvisioner(cluster.admin(), Duration.ofSeconds(30));

    TopicProvisioner.Report before = provisioner.check(catalogue.all());
    assertEquals(catalogue.all().size(), before.withOutcome(Outcome.MISSING).size());

    TopicProvisioner.Report first = provisioner.provision(catalogue.all());
    assertTrue(first.ok(), first.describe());
    assertEquals(catalogue.all().size(), first.withOutcome(Outcome.CREATED).size());

    TopicProvisioner.Report second = provisioner.provision(catalogue.all());
    assertTrue(second.ok(), second.describe());
    assertEquals(catalogue.all().size(), second.withOutcome(Outcome.OK).size(), second.describe());

    ConfigResource pool = new ConfigResource(ConfigResource.Type.TOPIC, catalogue.stylePool());
    Config poolConfig = cluster.admin().describeConfigs(Set.of(pool)).all().get().get(pool);
    assertEquals("compact", poolConfig.get("cleanup.policy").value());
    ConfigResource images = new ConfigResource(ConfigResource.Type.TOPIC, catalogue.fleetImages());
    assertEquals(String.valueOf(16 * 1024 * 1024),
        cluster.admin().describeConfigs(Set.of(images)).all().get().get(images).get("max.message.bytes").value());
    assertEquals(2, cluster.admin().describeTopics(Set.of(catalogue.fleetImages())).allTopicNames().get()
        .get(catalogue.fleetImages()).partitions().size());
  }

  @Test
  void reportsMismatchesWithoutTouchingExistingTopics(TestCluster cluster) throws Exception {
    TopicCatalogue catalogue = new TopicCatalogue(Map.of("topics.prefix", cluster.uniqueTopic("mis") + ".", "topics.partitions", 3));
    cluster.createTopic(catalogue.stylePool(), 1, Map.of("cleanup.policy", "delete"));
    cluster.createTopic(catalogue.fleetImages(), 1, Map.of("max.message.bytes", "1000000"));

    TopicProvisioner.Report report = new TopicProvisioner(cluster.admin(), Duration.ofSeconds(30)).provision(catalogue.all());
    assertFalse(report.ok());
    List<TopicStatus> mismatches = report.withOutcome(Outcome.MISMATCH);
    assertEquals(List.of(catalogue.fleetImages(), catalogue.stylePool()), mismatches.stream().map(t -> t.spec().name()).toList());
    String images = String.join("; ", mismatches.get(0).problems());
    assertTrue(images.contains("partitions 1 < 3") && images.contains("max.message.bytes=1000000 < 16777216"), images);
    assertTrue(mismatches.get(1).problems().get(0).contains("cleanup.policy=delete (want compact)"), mismatches.get(1).problems().toString());
    assertEquals(catalogue.all().size() - 2, report.withOutcome(Outcome.CREATED).size());
    // left as found
    assertEquals(1, cluster.admin().describeTopics(Set.of(catalogue.fleetImages())).allTopicNames().get()
        .get(catalogue.fleetImages()).partitions().size());
  }
}
