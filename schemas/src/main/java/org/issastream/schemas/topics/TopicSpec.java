package org.issastream.schemas.topics;

import java.util.Map;
import java.util.Objects;

/**
 * A topic as the project expects it.
 *
 * @param role the logical name from the architecture (e.g. {@code fleet.images})
 * @param name the actual name, prefix included
 * @param partitions wanted partitions
 * @param replicationFactor wanted replication, -1 for the broker default
 * @param configs topic configs that must hold (cleanup.policy, max.message.bytes ...)
 * @param valueType the Avro record of its values, or null (DLQ, registry log)
 */
public record TopicSpec(String role, String name, int partitions, short replicationFactor,
    Map<String, String> configs, Class<?> valueType) {
  public TopicSpec {
    Objects.requireNonNull(role);
    Objects.requireNonNull(name);
    configs = Map.copyOf(configs);
  }

  public boolean compacted() {
    return "compact".equals(configs.get("cleanup.policy"));
  }
}
