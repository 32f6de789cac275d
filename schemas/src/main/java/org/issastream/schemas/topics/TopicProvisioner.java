package org.issastream.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that are missing and checks the ones that exist, idempotently. It
 * never alters an existing topic: differences (fewer partitions, wrong cleanup policy, a smaller
 * max.message.bytes) are reported for an operator to decide.
 */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  /** What happened to one topic. */
  public enum Outcome { CREATED, OK, MISMATCH, MISSING, FAILED }

  /** Result for one topic; {@code problems} explains MISMATCH and FAILED. */
  public record TopicStatus(TopicSpec spec, Outcome outcome, List<String> problems) {}

  /** Result for the whole catalogue. */
  public record Report(List<TopicStatus> topics) {
    /** True when every topic exists as specified (created now or before). */
    public boolean ok() {
      return topics.stream().allMatch(t -> t.outcome() == Outcome.CREATED || t.outcome() == Outcome.OK);
    }

    public List<TopicStatus> withOutcome(Outcome o) {
      return topics.stream().filter(t -> t.outcome() == o).toList();
    }

    /** One line per topic, for logs and the CLI. */
    public String describe() {
      StringBuilder b = new StringBuilder();
      for (TopicStatus t : topics) {
        b.append(String.format("%-9s %-40s p=%d %s%s%n", t.outcome(), t.spec().name(), t.spec().partitions(),
            t.spec().configs().getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, ""),
            t.problems().isEmpty() ? "" : "  " + String.join("; ", t.problems())));
      }
      return b.toString();
    }
  }

  private final Admin admin;
  private final Duration timeout;

  /** @param admin a client of the target cluster, not closed here */
  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** Creates missing topics and checks existing ones. */
  public Report provision(List<TopicSpec> specs) throws InterruptedException {
    return run(specs, true);
  }

  /** Only checks: missing topics are reported as MISSING. */
  public Report check(List<TopicSpec> specs) throws InterruptedException {
    return run(specs, false);
  }

  private Report run(List<TopicSpec> specs, boolean create) throws InterruptedException {
    List<TopicStatus> out = new ArrayList<>();
    List<TopicSpec> toCreate = new ArrayList<>();
    List<TopicSpec> existing = new ArrayList<>();
    Set<String> names;
    try {
      names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      for (TopicSpec s : specs) {
        out.add(new TopicStatus(s, Outcome.FAILED, List.of("cannot list topics: " + e)));
      }
      return new Report(out);
    }
    for (TopicSpec s : specs) {
      (names.contains(s.name()) ? existing : toCreate).add(s);
    }
    for (TopicSpec s : toCreate) {
      if (!create) {
        out.add(new TopicStatus(s, Outcome.MISSING, List.of()));
        continue;
      }
      NewTopic nt = new NewTopic(s.name(), Optional.of(s.partitions()),
          s.replicationFactor() < 0 ? Optional.empty() : Optional.of(s.replicationFactor())).configs(s.configs());
      try {
        admin.createTopics(List.of(nt)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        out.add(new TopicStatus(s, Outcome.CREATED, List.of()));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          existing.add(s); // created concurrently by someone else: check it like any existing topic
        } else {
          out.add(new TopicStatus(s, Outcome.FAILED, List.of("create failed: " + e.getCause())));
        }
      } catch (TimeoutException e) {
        out.add(new TopicStatus(s, Outcome.FAILED, List.of("create timed out after " + timeout.toMillis() + " ms")));
      }
    }
    for (TopicSpec s : existing) {
      out.add(checkOne(s));
    }
    // report in catalogue order
    out.sort((a, b) -> Integer.compare(specs.indexOf(a.spec()), specs.indexOf(b.spec())));
    Report report = new Report(out);
    if (report.ok()) {
      LOG.info("Topics ready: {} created, {} already present", report.withOutcome(Outcome.CREATED).size(),
          report.withOutcome(Outcome.OK).size());
    } else {
      LOG.warn("Topic check found problems:\n{}", report.describe());
    }
    return report;
  }

  private TopicStatus checkOne(TopicSpec s) throws InterruptedException {
    // A topic created a moment ago (here or by someone else) may not be in the broker's metadata
    // yet: KRaft propagates it asynchronously, so retry "unknown topic" until the deadline.
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      TopicStatus status = checkOnce(s);
      if (status.outcome() != Outcome.MISSING || System.nanoTime() > deadline) {
        return status;
      }
      Thread.sleep(50);
    }
  }

  private TopicStatus checkOnce(TopicSpec s) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    try {
      TopicDescription d = admin.describeTopics(Set.of(s.name())).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(s.name());
      int partitions = d.partitions().size();
      if (partitions < s.partitions()) {
        problems.add("partitions " + partitions + " < " + s.partitions());
      } else if (partitions > s.partitions() && s.partitions() == 1) {
        problems.add("partitions " + partitions + " but must be exactly 1");
      }
      if (s.replicationFactor() > 0) {
        int rf = d.partitions().get(0).replicas().size();
        if (rf < s.replicationFactor()) {
          problems.add("replication factor " + rf + " < " + s.replicationFactor());
        }
      }
      ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, s.name());
      Config cfg = admin.describeConfigs(Set.of(res)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(res);
      for (Map.Entry<String, String> want : s.configs().entrySet()) {
        ConfigEntry have = cfg.get(want.getKey());
        String value = have == null ? null : have.value();
        if (TopicConfig.MAX_MESSAGE_BYTES_CONFIG.equals(want.getKey())) {
          if (value == null || Long.parseLong(value) < Long.parseLong(want.getValue())) {
            problems.add(want.getKey() + "=" + value + " < " + want.getValue());
          }
        } else if (!want.getValue().equals(value)) {
          problems.add(want.getKey() + "=" + value + " (want " + want.getValue() + ")");
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return new TopicStatus(s, Outcome.MISSING, List.of());
      }
      return new TopicStatus(s, Outcome.FAILED, List.of("describe failed: " + e.getCause()));
    } catch (TimeoutException e) {
      return new TopicStatus(s, Outcome.FAILED, List.of("describe timed out"));
    }
    return new TopicStatus(s, problems.isEmpty() ? Outcome.OK : Outcome.MISMATCH, problems);
  }
}
