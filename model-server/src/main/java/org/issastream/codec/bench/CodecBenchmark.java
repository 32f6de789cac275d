package org.issastream.codec.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecLoader;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.codec.StyleCodes;
import org.issastream.codec.batch.BatchingCodec;
import org.issastream.codec.batch.BatchingSettings;
import org.issastream.synthdrive.image.RgbImage;

/**
 * {@code ./issa bench codec}: latency and throughput of invert / synthesize / mix per batch size on
 * the DJL TorchScript backend, the same TorchScript files timed by python-torch in the same run
 * (interleaved, same intra-op thread count), achieved GFLOP/s against a DJL matMul peak, and
 * optionally a soak through the dynamic batcher that samples the process RSS.
 */
public final class CodecBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to run. {@code codecDir} null: generate the bench fixture with python into a temp dir. */
  public record Options(Path codecDir, Path python, Path toolsDir, List<Integer> batches, List<String> ops,
      int warmup, double warmupSeconds, int iters, int threads, String device, boolean withPython, int soakBatches,
      Path soakCodecDir) {}

  private final Options o;
  private final java.util.function.Consumer<String> log;

  public CodecBenchmark(Options options, java.util.function.Consumer<String> log) {
    this.o = options;
    this.log = log;
  }

  /** Must run before the PyTorch engine starts in this JVM (the thread count is read once). */
  public static void configureThreads(int threads) {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  public ObjectNode run() throws IOException, CodecException, InterruptedException {
    ObjectNode report = JSON.createObjectNode();
    report.set("machine", machine());
    report.put("threads", o.threads());
    report.put("device", o.device());
    Path codecDir = o.codecDir();
    Path tmp = null;
    if (codecDir == null) {
      tmp = Files.createTempDirectory("issa-bench-codec");
      codecDir = tmp;
      log.accept("generating the bench codec (random weights, mini-codec shapes) with " + o.python());
      exec(List.of(o.python().toString(), o.toolsDir().resolve("make_fixture.py").toString(), "--kind", "bench",
          "--out", codecDir.toString()));
    }
    try {
      JsonNode info = Files.exists(codecDir.resolve("model-info.json"))
          ? JSON.readTree(codecDir.resolve("model-info.json").toFile()) : JSON.createObjectNode();
      double encFlops = info.path("flops_per_sample").path("encoder").asDouble(Double.NaN);
      double synFlops = info.path("flops_per_sample").path("synthesis").asDouble(Double.NaN);
      report.set("model", info);
      try (Codec codec = CodecLoader.load(codecDir, o.device())) {
        report.put("codec", codec.manifest().toString());
        double[] peaks = peakGflops();
        double gemm = peaks[0];
        report.put("gemm_peak_gflops", gemm);
        report.put("matmul_peak_gflops", peaks[1]);
        report.put("conv_peak_gflops", peaks[2]);
        log.accept(String.format("libtorch fp32 peak %.1f GFLOP/s (matMul 1024^2 %.1f, conv 3x3 256ch %.1f)", gemm,
            peaks[1], peaks[2]));
        PythonTorchProcess py = o.withPython() ? new PythonTorchProcess(o.python(), o.toolsDir().resolve("bench_python.py"),
            codecDir, o.threads()) : null;
        try {
          if (py != null) {
            report.put("python_torch", py.torchVersion());
            report.put("python_threads", py.threads());
          }
          ArrayNode rows = report.putArray("results");
          List<Double> ratios = new ArrayList<>();
          double flopsDone = 0;
          double timeSpent = 0;
          int maxBatch = Collections.max(o.batches());
          for (int b : o.batches()) {
            Inputs in = inputs(codec, b);
            for (String op : o.ops()) {
              List<Double> djl = new ArrayList<>();
              List<Double> pyt = new ArrayList<>();
              int half = Math.max(1, o.iters() / 2);
              // two rounds in alternating order so drifting machine load hits both sides alike; each
              // side first warms up for a number of calls AND a time (steady state takes tens of
              // calls: TorchScript's profiling executor, the JIT, the allocator's free lists)
              if (py != null) {
                pyt.addAll(py.time(op, b, o.warmup(), o.warmupSeconds(), half));
              }
              djl.addAll(timeDjl(codec, op, in, o.warmup(), o.warmupSeconds(), half));
              djl.addAll(timeDjl(codec, op, in, 0, 0, o.iters() - half));
              if (py != null) {
                pyt.addAll(py.time(op, b, 0, 0, o.iters() - half));
              }
              ObjectNode row = rows.addObject().put("op", op).put("batch", b);
              Stats d = Stats.of(djl);
              d.into(row.putObject("djl"), b);
              double flops = (op.equals("invert") ? encFlops : synFlops) * b;
              if (!Double.isNaN(flops)) {
                row.put("djl_gflops", flops / (d.mean / 1000) / 1e9);
                row.put("gemm_utilisation", flops / (d.mean / 1000) / 1e9 / gemm);
                if (b == maxBatch && !op.equals("mix")) {
                  flopsDone += flops;
                  timeSpent += d.mean / 1000;
                }
              }
              String line = String.format("%-10s B=%-3d DJL p50 %8.1f ms p99 %8.1f ms %7.2f img/s", op, b, d.p50, d.p99, b * 1000 / d.mean);
              if (py != null) {
                Stats p = Stats.of(pyt);
                p.into(row.putObject("python"), b);
                double ratio = p.mean / d.mean; // throughput ratio DJL / python
                row.put("djl_vs_python", ratio);
                if (b >= 4) {
                  ratios.add(ratio);
                }
                line += String.format(" | python p50 %8.1f ms %7.2f img/s | DJL/python %.2fx", p.p50, b * 1000 / p.mean, ratio);
              }
              log.accept(line);
            }
          }
          if (!ratios.isEmpty()) {
            double logSum = 0;
            for (double r : ratios) {
              logSum += Math.log(r);
            }
            report.put("djl_vs_python_ratio", Math.exp(logSum / ratios.size()));
            report.put("djl_vs_python_ratio_min", Collections.min(ratios));
          } else {
            report.putNull("djl_vs_python_ratio");
          }
          if (timeSpent > 0) {
            report.put("achieved_gflops", flopsDone / timeSpent / 1e9);
            report.put("gemm_utilisation", flopsDone / timeSpent / 1e9 / gemm);
          } else {
            report.putNull("gemm_utilisation");
          }
        } finally {
          if (py != null) {
            py.close();
          }
        }
      }
      if (o.soakBatches() > 0) {
        report.set("soak", soak(o.soakCodecDir() != null ? o.soakCodecDir() : codecDir));
      }
      return report;
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
  }

  // ---------------------------------------------------------------- DJL side

  private record Inputs(List<RgbImage> images, Latents latents, List<StyleCodes> styles) {}

  private static Inputs inputs(Codec codec, int b) throws CodecException {
    SplittableRandom r = new SplittableRandom(7 + b);
    int h = codec.manifest().height();
    int w = codec.manifest().width();
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      byte[] px = new byte[h * w * 3];
      for (int j = 0; j < px.length; j++) {
        px[j] = (byte) r.nextInt(256);
      }
      images.add(RgbImage.wrap(w, h, px));
    }
    Latents lat = codec.invert(images);
    List<StyleCodes> styles = new ArrayList<>(lat.styles());
    Collections.reverse(styles);
    return new Inputs(images, lat, styles);
  }

  private static List<Double> timeDjl(Codec codec, String op, Inputs in, int warmup, double warmupSeconds, int iters)
      throws CodecException {
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
      call(codec, op, in);
    }
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < iters; i++) {
      long t0 = System.nanoTime();
      call(codec, op, in);
      times.add((System.nanoTime() - t0) / 1e6);
    }
    return times;
  }

  private static void call(Codec codec, String op, Inputs in) throws CodecException {
    switch (op) {
      case "invert" -> codec.invert(in.images());
      case "synthesize" -> codec.synthesize(in.latents());
      case "mix" -> codec.mix(in.latents(), in.styles(), MixPolicy.defaults());
      default -> throw new IllegalArgumentException("unknown op " + op);
    }
  }

  /**
   * libtorch's fp32 peak on this device through DJL: the better of the best rates of a 1024x1024
   * matMul (BLAS) and of a 3x3 convolution 256->256 channels on a channels-last [8,256,32,32]
   * (oneDNN's implicit GEMM, the kernels and layout the codecs run), 10 timed calls each. Where MKL's
   * sgemm takes a slow path (AMD CPUs), the matMul alone would understate the peak and the codec
   * would seem to beat it.
   */
  static double[] peakGflops() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      int n = 1024;
      NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
      double matmul = bestRate(m, 2.0 * n * n * n, scope -> a.matMul(b));
      NDArray x = m.randomUniform(-1, 1, new Shape(8, 32, 32, 256)).transpose(0, 3, 1, 2);
      NDArray w = m.randomUniform(-0.05f, 0.05f, new Shape(256, 256, 3, 3));
      double conv = bestRate(m, 2.0 * 8 * 256 * 32 * 32 * 256 * 9, scope -> ai.djl.nn.convolutional.Conv2d
          .conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow());
      return new double[] {Math.max(matmul, conv), matmul, conv};
    }
  }

  private static double bestRate(NDManager m, double flops, java.util.function.Function<NDManager, NDArray> op) {
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      try (NDManager scope = m.newSubManager()) {
        long t0 = System.nanoTime();
        NDArray c = op.apply(scope);
        c.attach(scope);
        c.toFloatArray(); // forces completion on any device
        double s = (System.nanoTime() - t0) / 1e9;
        if (i >= 3) {
          rates.add(flops / s / 1e9);
        }
      }
    }
    return Collections.max(rates);
  }

  // ---------------------------------------------------------------- soak

  /**
   * Many threads call invert + synthesize of one image through a BatchingCodec; RSS (VmRSS) and the
   * JVM heap are sampled every tenth of the run. Native growth shows as RSS growth beyond the heap's.
   */
  private ObjectNode soak(Path codecDir) throws CodecException, InterruptedException, IOException {
    ObjectNode out = JSON.createObjectNode();
    out.put("codec_dir", codecDir.toString());
    int target = o.soakBatches();
    BatchingSettings settings = new BatchingSettings(4, Duration.ofMillis(2), 64, 1, Duration.ofMinutes(5));
    out.put("max_batch_size", settings.maxBatchSize());
    try (BatchingCodec codec = new BatchingCodec(CodecLoader.load(codecDir, o.device()), settings)) {
      int h = codec.manifest().height();
      int w = codec.manifest().width();
      int clients = 8;
      AtomicInteger failures = new AtomicInteger();
      ArrayNode samples = out.putArray("samples");
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long t0 = System.nanoTime();
      try {
        int step = Math.max(1, target / 10);
        int nextSample = 0;
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int seed = c;
          fs.add(pool.submit(() -> {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] px = new byte[h * w * 3];
            while (totalBatches(codec) < target) {
              for (int j = 0; j < px.length; j++) {
                px[j] = (byte) r.nextInt(256);
              }
              try {
                codec.synthesize(codec.invert(List.of(RgbImage.of(w, h, px))));
              } catch (CodecException e) {
                failures.incrementAndGet();
              }
            }
            return null;
          }));
        }
        while (fs.stream().anyMatch(f -> !f.isDone())) {
          long done = totalBatches(codec);
          if (done >= nextSample) {
            samples.add(sample(done, t0));
            nextSample += step;
          }
          TimeUnit.MILLISECONDS.sleep(20);
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw new CodecException("soak client failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdown();
      }
      samples.add(sample(totalBatches(codec), t0));
      out.put("batches", totalBatches(codec));
      out.put("failures", failures.get());
      out.put("mean_batch_size", (codec.stats().get(0).meanBatchSize() + codec.stats().get(1).meanBatchSize()) / 2);
      out.put("seconds", (System.nanoTime() - t0) / 1e9);
      // growth from the 20 % mark (after warm-up) to the end
      JsonNode warm = samples.get(Math.min(2, samples.size() - 1));
      JsonNode last = samples.get(samples.size() - 1);
      double growth = last.path("rss_mb").asDouble() - warm.path("rss_mb").asDouble();
      long span = last.path("batches").asLong() - warm.path("batches").asLong();
      out.put("rss_growth_mb_after_warmup", growth);
      out.put("rss_growth_mb_per_1000_batches", span > 0 ? growth / span * 1000 : 0);
      out.put("heap_committed_growth_mb_after_warmup",
          last.path("heap_committed_mb").asDouble() - warm.path("heap_committed_mb").asDouble());
    }
    return out;
  }

  private static long totalBatches(BatchingCodec codec) {
    return codec.stats().stream().mapToLong(BatchingCodec.Stats::batches).sum();
  }

  private static ObjectNode sample(long batches, long t0) throws IOException {
    Runtime rt = Runtime.getRuntime();
    double rss = rssMb();
    return JSON.createObjectNode().put("batches", batches).put("seconds", (System.nanoTime() - t0) / 1e9)
        .put("rss_mb", rss).put("heap_committed_mb", rt.totalMemory() / 1048576.0)
        .put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
  }

  /** VmRSS of this process from /proc/self/status, MiB. */
  public static double rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }

  // ---------------------------------------------------------------- helpers

  private record Stats(double p50, double p99, double mean) {
    static Stats of(List<Double> xs) {
      List<Double> s = new ArrayList<>(xs);
      Collections.sort(s);
      double mean = s.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      return new Stats(pct(s, 0.5), pct(s, 0.99), mean);
    }

    static double pct(List<Double> sorted, double q) {
      double k = (sorted.size() - 1) * q;
      int lo = (int) k;
      int hi = Math.min(lo + 1, sorted.size() - 1);
      return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (k - lo);
    }

    void into(ObjectNode n, int batch) {
      n.put("p50_ms", p50).put("p99_ms", p99).put("mean_ms", mean).put("samples_per_s", batch * 1000 / mean);
    }
  }

  private static ObjectNode machine() throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.exists(cpuinfo)) {
      Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
          .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
    }
    Path load = Path.of("/proc/loadavg");
    if (Files.exists(load)) {
      m.put("loadavg_at_start", Files.readString(load).trim());
    }
    m.put("java", System.getProperty("java.version"));
    return m;
  }

  private void exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + output);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
