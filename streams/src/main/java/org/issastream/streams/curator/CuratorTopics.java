package org.issastream.streams.curator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the curator's external topics when missing (the internal changelog and repartition topics
 * are Kafka Streams' own): the input, the compacted pool topic and the dead-letter topic, with the
 * broker's default partition count and replication factor. Existing topics are left as they are;
 * production clusters usually manage them declaratively (see k8s/).
 */
public final class CuratorTopics {
  private CuratorTopics() {}

  /** The topics this configuration needs, with their configs. */
  public static List<NewTopic> definitions(CuratorConfig config) {
    return List.of(
        new NewTopic(config.inputTopic(), Optional.empty(), Optional.empty()),
        new NewTopic(config.poolTopic(), Optional.empty(), Optional.empty())
            .configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                // tombstones must outlive a replica that is briefly behind
                TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(24L * 3600 * 1000))),
        new NewTopic(config.dlqTopic(), Optional.empty(), Optional.empty())
            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(7L * 24 * 3600 * 1000))));
  }

  /** Creates the missing ones; returns the names created. */
  public static List<String> ensure(Admin admin, CuratorConfig config) throws CuratorException {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic t : definitions(config)) {
        if (!existing.contains(t.name())) {
          missing.add(t);
        }
      }
      List<String> created = new ArrayList<>();
      for (var e : admin.createTopics(missing).values().entrySet()) {
        try {
          e.getValue().get(30, TimeUnit.SECONDS);
          created.add(e.getKey());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) { // lost a race: fine
            throw ex;
          }
        }
      }
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CuratorException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new CuratorException("cannot create curator topics: " + e.getMessage(), e);
    }
  }
}
