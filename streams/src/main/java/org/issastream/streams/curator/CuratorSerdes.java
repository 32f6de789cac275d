package org.issastream.streams.curator;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.serde.AvroSerde;
import org.issastream.schemas.serde.AvroSerdeConfig;

/** The curator's value serdes (Confluent wire format) from the {@code serde.*} configuration. */
public final class CuratorSerdes {
  private CuratorSerdes() {}

  public static Serde<StyleCode> codes(CuratorConfig config) {
    return configured(AvroSerde.specific(StyleCode.class), config);
  }

  public static Serde<PoolEntry> pool(CuratorConfig config) {
    return configured(AvroSerde.specific(PoolEntry.class), config);
  }

  private static <T> Serde<T> configured(Serde<T> serde, CuratorConfig config) {
    Map<String, Object> c = config.serdeConfigs();
    if (!c.containsKey(AvroSerdeConfig.SCHEMA_REGISTRY_URL)) {
      throw new ConfigException(CuratorConfig.SERDE_PREFIX + AvroSerdeConfig.SCHEMA_REGISTRY_URL,
          null, "a schema registry URL is required");
    }
    serde.configure(c, false);
    return serde;
  }
}
