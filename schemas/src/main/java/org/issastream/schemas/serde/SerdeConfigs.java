package org.issastream.schemas.serde;

import java.util.HashMap;
import java.util.Map;

/** Parsing helpers shared by the serializer and deserializer. */
final class SerdeConfigs {
  private SerdeConfigs() {}

  /**
   * Parses serde config. With an injected client the URL is not needed, so a placeholder fills it in
   * to let the same {@link AvroSerdeConfig} validate every other key.
   */
  static AvroSerdeConfig parse(Map<String, ?> configs, boolean clientInjected) {
    Map<String, Object> copy = new HashMap<>(configs == null ? Map.of() : configs);
    if (clientInjected) {
      copy.putIfAbsent(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "injected://client");
    }
    return new AvroSerdeConfig(copy);
  }
}
