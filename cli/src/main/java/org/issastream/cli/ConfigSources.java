package org.issastream.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The configuration map of a service command: a properties file, then {@code -D key=value} on top. */
final class ConfigSources {
  private ConfigSources() {}

  static Map<String, Object> load(Path file, Map<String, String> overrides) throws IOException {
    Map<String, Object> m = new HashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    }
    m.putAll(overrides);
    return m;
  }
}
