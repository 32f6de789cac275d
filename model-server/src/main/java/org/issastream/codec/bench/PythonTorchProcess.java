package org.issastream.codec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tools/torchscript/bench_python.py} as a child process serving timing requests, so the
 * benchmark can interleave python-torch and DJL measurements of the same TorchScript files.
 */
final class PythonTorchProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final String torchVersion;
  private final int threads;

  PythonTorchProcess(Path python, Path script, Path codecDir, int threads) throws IOException {
    this.process = new ProcessBuilder(python.toString(), script.toString(), "--codec", codecDir.toString(),
        "--threads", Integer.toString(threads))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    JsonNode hello = readLine();
    if (!hello.path("ready").asBoolean()) {
      throw new IOException("python bench did not start: " + hello);
    }
    this.torchVersion = hello.path("torch").asText();
    this.threads = hello.path("threads").asInt();
  }

  private JsonNode readLine() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IOException("python bench exited (see its stderr above)");
    }
    return JSON.readTree(line);
  }

  String torchVersion() {
    return torchVersion;
  }

  int threads() {
    return threads;
  }

  /** Milliseconds of each timed call. */
  /** Times {@code iters} calls after at least {@code warmup} untimed calls and {@code warmupSeconds}. */
  List<Double> time(String op, int batch, int warmup, double warmupSeconds, int iters) throws IOException {
    in.write(JSON.createObjectNode().put("op", op).put("batch", batch).put("warmup", warmup)
        .put("warmup_s", warmupSeconds).put("iters", iters) + "\n");
    in.flush();
    JsonNode r = readLine();
    List<Double> times = new ArrayList<>();
    r.path("times_ms").forEach(t -> times.add(t.asDouble()));
    if (times.size() != iters) {
      throw new IOException("python bench answered " + r);
    }
    return times;
  }

  @Override
  public void close() throws IOException {
    try {
      in.write("\n");
      in.close();
    } catch (IOException e) {
      // the process may already be gone; destroy below covers it
      process.destroy();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
