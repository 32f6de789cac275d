package org.issastream.synthdrive.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} at a dataset root: how it was generated, counts per condition / place /
 * split, and every image with its condition and place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    String generator,
    int version,
    String layout,
    Long seed,
    Integer width,
    Integer height,
    int count,
    Double valFraction,
    List<String> conditions,
    List<String> places,
    Map<String, Map<String, Integer>> counts,
    List<Entry> images) {

  /** The manifest's file name at a dataset root. */
  public static final String FILE = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One image. Paths are relative to the dataset root, with '/' separators. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String name, String split, String condition, String place, Long seed, String image,
      String label, String color) {}

  public void write(Path root) throws IOException {
    Files.createDirectories(root);
    JSON.writeValue(root.resolve(FILE).toFile(), this);
  }

  /** The manifest at a dataset root, or null when there is none. */
  public static Manifest read(Path root) throws IOException {
    Path f = root.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    return JSON.readValue(f.toFile(), Manifest.class);
  }
}
