package org.issastream.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.issastream.synthdrive.image.RgbImage;

/**
 * What a codec directory contains and what its networks expect; read from {@code manifest.json}.
 *
 * <pre>{@code
 * {
 *   "format": 1,
 *   "id": "issa-cityscapes-256x512", "version": "1.0.0", "backend": "torchscript",
 *   "height": 256, "width": 512,
 *   "numStyles": 16, "styleDim": 512,
 *   "noiseShapes": [[256, 64, 128], [256, 64, 128]],
 *   "normalisation": "minus_one_to_one",
 *   "defaultMixSlots": [0, 1, ..., 15],
 *   "files": {"encoder.pt": "<sha256 hex>", "synthesis.pt": "<sha256 hex>"},
 *   "properties": {"encoder": "encoder.pt", "synthesis": "synthesis.pt"}
 * }
 * }</pre>
 *
 * {@code files} pins every file a backend may read (plain names inside the directory); {@code
 * properties} are backend-specific strings. Immutable; {@link #check} methods throw {@link
 * CodecMismatchException} with a message naming the expected and the actual shape.
 */
public final class CodecManifest {
  public static final String FILE_NAME = "manifest.json";
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FILE_NAME_OK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final String id;
  private final String version;
  private final String backend;
  private final int height;
  private final int width;
  private final int numStyles;
  private final int styleDim;
  private final List<int[]> noiseShapes;
  private final PixelNormalisation normalisation;
  private final int[] defaultMixSlots;
  private final Map<String, String> files;
  private final Map<String, String> properties;

  private CodecManifest(Builder b) {
    this.id = require(b.id, "id");
    this.version = require(b.version, "version");
    this.backend = require(b.backend, "backend");
    this.height = positive(b.height, "height");
    this.width = positive(b.width, "width");
    this.numStyles = positive(b.numStyles, "numStyles");
    this.styleDim = positive(b.styleDim, "styleDim");
    List<int[]> ns = new ArrayList<>();
    for (int[] s : b.noiseShapes) {
      if (s.length != 3 || s[0] <= 0 || s[1] <= 0 || s[2] <= 0) {
        throw new IllegalArgumentException("noise shape must be positive [C,H,W], got " + Arrays.toString(s));
      }
      ns.add(s.clone());
    }
    this.noiseShapes = List.copyOf(ns);
    this.normalisation = b.normalisation;
    int[] slots = b.defaultMixSlots != null ? b.defaultMixSlots.clone() : allSlots(numStyles);
    for (int s : slots) {
      if (s < 0 || s >= numStyles) {
        throw new IllegalArgumentException("defaultMixSlots entry " + s + " outside [0," + numStyles + ")");
      }
    }
    this.defaultMixSlots = slots;
    for (Map.Entry<String, String> e : b.files.entrySet()) {
      if (!FILE_NAME_OK.matcher(e.getKey()).matches() || e.getKey().equals(FILE_NAME)) {
        throw new IllegalArgumentException("pinned file name must be a plain file name inside the codec directory: '" + e.getKey() + "'");
      }
      if (!SHA256.matcher(e.getValue()).matches()) {
        throw new IllegalArgumentException("sha256 of '" + e.getKey() + "' must be 64 lower-case hex digits, got '" + e.getValue() + "'");
      }
    }
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(b.files));
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
  }

  private static int[] allSlots(int n) {
    int[] s = new int[n];
    Arrays.setAll(s, i -> i);
    return s;
  }

  private static String require(String v, String field) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("manifest field '" + field + "' is required");
    }
    return v;
  }

  private static int positive(int v, String field) {
    if (v <= 0) {
      throw new IllegalArgumentException("manifest field '" + field + "' must be a positive integer, got " + v);
    }
    return v;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with every field of this manifest. */
  public Builder toBuilder() {
    Builder b = new Builder().id(id).version(version).backend(backend).imageSize(height, width)
        .styles(numStyles, styleDim).normalisation(normalisation).defaultMixSlots(defaultMixSlots);
    noiseShapes.forEach(s -> b.addNoiseShape(s[0], s[1], s[2]));
    files.forEach(b::file);
    properties.forEach(b::property);
    return b;
  }

  // ---- JSON ----

  /** Parses manifest JSON; any missing or malformed field is a {@link CodecMismatchException}. */
  public static CodecManifest parse(String json) throws CodecMismatchException {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new CodecMismatchException("manifest is not a JSON object");
      }
      int format = root.path("format").asInt(FORMAT);
      if (format != FORMAT) {
        throw new CodecMismatchException("manifest format " + format + " is not supported (expected " + FORMAT + ")");
      }
      Builder b = builder()
          .id(text(root, "id")).version(text(root, "version")).backend(text(root, "backend"))
          .imageSize(integer(root, "height"), integer(root, "width"))
          .styles(integer(root, "numStyles"), integer(root, "styleDim"))
          .normalisation(root.has("normalisation")
              ? PixelNormalisation.fromJsonName(text(root, "normalisation")) : PixelNormalisation.MINUS_ONE_TO_ONE);
      JsonNode noise = root.path("noiseShapes");
      if (!noise.isArray()) {
        throw new CodecMismatchException("manifest field 'noiseShapes' must be an array of [C,H,W]");
      }
      for (JsonNode s : noise) {
        if (!s.isArray() || s.size() != 3) {
          throw new CodecMismatchException("each noise shape must be [C,H,W], got " + s);
        }
        b.addNoiseShape(s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt());
      }
      if (root.has("defaultMixSlots")) {
        JsonNode slots = root.get("defaultMixSlots");
        if (!slots.isArray()) {
          throw new CodecMismatchException("manifest field 'defaultMixSlots' must be an array of ints");
        }
        int[] s = new int[slots.size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = slots.get(i).asInt();
        }
        b.defaultMixSlots(s);
      }
      JsonNode filesNode = root.path("files");
      if (!filesNode.isObject() || filesNode.isEmpty()) {
        throw new CodecMismatchException("manifest field 'files' must map each file name to its sha256");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = filesNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.file(e.getKey(), e.getValue().asText().toLowerCase(Locale.ROOT));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.property(e.getKey(), e.getValue().asText());
      }
      return b.build();
    } catch (JsonProcessingException e) {
      throw new CodecMismatchException("manifest is not valid JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new CodecMismatchException("invalid manifest: " + e.getMessage());
    }
  }

  private static String text(JsonNode root, String field) throws CodecMismatchException {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new CodecMismatchException("manifest field '" + field + "' must be a string");
    }
    return n.asText();
  }

  private static int integer(JsonNode root, String field) throws CodecMismatchException {
    JsonNode n = root.get(field);
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new CodecMismatchException("manifest field '" + field + "' must be an integer");
    }
    return n.asInt();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT).put("id", id).put("version", version).put("backend", backend)
        .put("height", height).put("width", width).put("numStyles", numStyles).put("styleDim", styleDim);
    ArrayNode noise = root.putArray("noiseShapes");
    noiseShapes.forEach(s -> noise.addArray().add(s[0]).add(s[1]).add(s[2]));
    root.put("normalisation", normalisation.jsonName());
    ArrayNode slots = root.putArray("defaultMixSlots");
    for (int s : defaultMixSlots) {
      slots.add(s);
    }
    ObjectNode f = root.putObject("files");
    files.forEach(f::put);
    ObjectNode p = root.putObject("properties");
    properties.forEach(p::put);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise manifest", e);
    }
  }

  // ---- accessors ----

  public String id() { return id; }

  public String version() { return version; }

  /** Name of the {@link org.issastream.codec.spi.CodecBackend} that opens this codec. */
  public String backend() { return backend; }

  /** Image height H the networks take and produce. */
  public int height() { return height; }

  /** Image width W. */
  public int width() { return width; }

  /** L, number of W+ style slots. */
  public int numStyles() { return numStyles; }

  /** D, width of each style slot. */
  public int styleDim() { return styleDim; }

  /** Per-sample noise map shapes {@code {C,H,W}} (copies), in network input order. */
  public List<int[]> noiseShapes() {
    return noiseShapes.stream().map(int[]::clone).toList();
  }

  public PixelNormalisation normalisation() { return normalisation; }

  /** W+ slots a default {@link MixPolicy} takes from the exemplar (all, unless the manifest says otherwise). */
  public int[] defaultMixSlots() { return defaultMixSlots.clone(); }

  /** Pinned file name to lower-case sha256 hex. */
  public Map<String, String> files() { return files; }

  /** Backend-specific settings. */
  public Map<String, String> properties() { return properties; }

  public String property(String key, String defaultValue) {
    return properties.getOrDefault(key, defaultValue);
  }

  // ---- checks used by backends at call time ----

  /** Every image must be exactly H×W (see {@link CodecImages#fit}). */
  public void checkImages(List<RgbImage> images) throws CodecMismatchException {
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      if (img.width() != width || img.height() != height) {
        throw new CodecMismatchException("image " + i + " is " + img.width() + "x" + img.height() + " but codec "
            + id + " takes " + width + "x" + height + " (resize with CodecImages.fit)");
      }
    }
  }

  /** W+ must be [L,D]. */
  public void checkStyles(StyleCodes s) throws CodecMismatchException {
    if (s.numStyles() != numStyles || s.styleDim() != styleDim) {
      throw new CodecMismatchException("style codes are " + s.shape() + " but codec " + id + " expects ["
          + numStyles + "," + styleDim + "]");
    }
  }

  /** Every sample's W+ and noise shapes must match. */
  public void checkLatents(Latents latents) throws CodecMismatchException {
    for (int i = 0; i < latents.size(); i++) {
      checkStyles(latents.styles(i));
      NoiseMaps n = latents.noise(i);
      boolean ok = n.count() == noiseShapes.size();
      for (int k = 0; ok && k < n.count(); k++) {
        ok = Arrays.equals(n.shape(k), noiseShapes.get(k));
      }
      if (!ok) {
        throw new CodecMismatchException("sample " + i + " has noise maps " + n.shapes() + " but codec " + id
            + " expects " + noiseShapesText());
      }
    }
  }

  public String noiseShapesText() {
    StringBuilder sb = new StringBuilder("[");
    for (int k = 0; k < noiseShapes.size(); k++) {
      sb.append(k == 0 ? "" : ",").append(Arrays.toString(noiseShapes.get(k)).replace(" ", ""));
    }
    return sb.append(']').toString();
  }

  @Override
  public String toString() {
    return "codec " + id + " " + version + " (" + backend + ", " + height + "x" + width + ", W+ [" + numStyles + ","
        + styleDim + "], noise " + noiseShapesText() + ")";
  }

  /** Builder; {@link #build} validates. */
  public static final class Builder {
    private String id;
    private String version;
    private String backend;
    private int height;
    private int width;
    private int numStyles;
    private int styleDim;
    private final List<int[]> noiseShapes = new ArrayList<>();
    private PixelNormalisation normalisation = PixelNormalisation.MINUS_ONE_TO_ONE;
    private int[] defaultMixSlots;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    public Builder id(String v) { id = v; return this; }

    public Builder version(String v) { version = v; return this; }

    public Builder backend(String v) { backend = v; return this; }

    public Builder imageSize(int h, int w) { height = h; width = w; return this; }

    public Builder styles(int l, int d) { numStyles = l; styleDim = d; return this; }

    public Builder addNoiseShape(int c, int h, int w) { noiseShapes.add(new int[] {c, h, w}); return this; }

    public Builder clearNoiseShapes() { noiseShapes.clear(); return this; }

    public Builder normalisation(PixelNormalisation v) { normalisation = v; return this; }

    public Builder defaultMixSlots(int... v) { defaultMixSlots = v.clone(); return this; }

    public Builder file(String name, String sha256Hex) { files.put(name, sha256Hex); return this; }

    public Builder property(String key, String value) { properties.put(key, value); return this; }

    /** @throws IllegalArgumentException naming the bad field */
    public CodecManifest build() {
      return new CodecManifest(this);
    }
  }
}
