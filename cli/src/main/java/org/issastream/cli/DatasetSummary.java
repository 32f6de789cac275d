package org.issastream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code consume-summary.json} a consume run leaves next to the dataset it wrote. */
record DatasetSummary(Path root, String generator, String topic, long written, Map<String, Map<String, Integer>> counts) {
  void write() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generator", generator);
    m.put("topic", topic);
    m.put("written", written);
    m.put("counts", counts);
    Files.createDirectories(root);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(root.resolve("consume-summary.json").toFile(), m);
  }
}
