package org.issastream.codec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a {@link CodecBenchmark} report as the Markdown of docs/results/codec-bench.md. */
public final class BenchMarkdown {
  private BenchMarkdown() {}

  public static String render(JsonNode r, String command) {
    StringBuilder sb = new StringBuilder();
    JsonNode m = r.path("machine");
    sb.append("# Codec engine benchmark\n\n");
    sb.append("Command (repository root):\n\n```\n").append(command).append("\n```\n\n");
    sb.append(String.format(Locale.ROOT, "Machine: %d CPUs (%s), no GPU, Java %s; load average at start: %s.%n",
        m.path("cpus").asInt(), m.path("cpu").asText("?"), m.path("java").asText(), m.path("loadavg_at_start").asText("?")));
    sb.append(String.format(Locale.ROOT, "Intra-op threads: %d on both sides (python-torch %s reports %s). Device: %s.%n%n",
        r.path("threads").asInt(), r.path("python_torch").asText("n/a"), r.path("python_threads").asText("n/a"),
        r.path("device").asText()));
    sb.append("Codec: ").append(r.path("codec").asText()).append("; ");
    JsonNode model = r.path("model");
    sb.append(String.format(Locale.ROOT, "encoder %,d params (%.2f GFLOP/image), synthesis %,d params (%.2f GFLOP/image).%n%n",
        model.path("encoder_params").asLong(), model.path("flops_per_sample").path("encoder").asDouble() / 1e9,
        model.path("synthesis_params").asLong(), model.path("flops_per_sample").path("synthesis").asDouble() / 1e9));
    sb.append("| op | batch | DJL p50 ms | DJL p99 ms | DJL img/s | python p50 ms | python p99 ms | python img/s | DJL/python | DJL GFLOP/s | of GEMM peak |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (JsonNode row : r.path("results")) {
      JsonNode d = row.path("djl");
      JsonNode p = row.path("python");
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %s | %s | %s | %s | %s | %s |%n",
          row.path("op").asText(), row.path("batch").asInt(), d.path("p50_ms").asDouble(), d.path("p99_ms").asDouble(),
          d.path("samples_per_s").asDouble(), num(p.path("p50_ms"), "%.1f"), num(p.path("p99_ms"), "%.1f"),
          num(p.path("samples_per_s"), "%.2f"), num(row.path("djl_vs_python"), "%.2fx"), num(row.path("djl_gflops"), "%.2f"),
          pct(row.path("gemm_utilisation"))));
    }
    sb.append(String.format(Locale.ROOT,
        "%nGEMM peak (libtorch fp32 through DJL, the better best-of-10 rate of a 1024x1024 matMul, %.1f, and a "
            + "3x3 convolution 256->256 on a channels-last [8,256,32,32], %.1f): %.1f GFLOP/s.%n",
        r.path("matmul_peak_gflops").asDouble(), r.path("conv_peak_gflops").asDouble(), r.path("gemm_peak_gflops").asDouble()));
    sb.append(String.format(Locale.ROOT, "**djl_vs_python_ratio** (geometric mean of DJL/python throughput at batch >= 4): %s "
        + "(minimum %s). **gemm_utilisation** (invert + synthesize at the largest batch): %s (%s GFLOP/s).%n",
        num(r.path("djl_vs_python_ratio"), "%.2fx"), num(r.path("djl_vs_python_ratio_min"), "%.2fx"),
        pct(r.path("gemm_utilisation")), num(r.path("achieved_gflops"), "%.2f")));
    JsonNode soak = r.path("soak");
    if (!soak.isMissingNode()) {
      sb.append(String.format(Locale.ROOT, "%n## Soak (native memory)%n%n%d batches (invert + synthesize of single-image requests from 8 threads "
          + "through the dynamic batcher, max batch %d, mean batch %.2f) of `%s` in %.0f s, %d failures. "
          + "RSS growth after the 20 %% mark: %.1f MiB (%.2f MiB per 1000 batches; committed heap grew %.1f MiB meanwhile).%n%n",
          soak.path("batches").asLong(), soak.path("max_batch_size").asInt(), soak.path("mean_batch_size").asDouble(),
          soak.path("codec_dir").asText(), soak.path("seconds").asDouble(), soak.path("failures").asInt(),
          soak.path("rss_growth_mb_after_warmup").asDouble(), soak.path("rss_growth_mb_per_1000_batches").asDouble(),
          soak.path("heap_committed_growth_mb_after_warmup").asDouble()));
      sb.append("| batches | seconds | RSS MiB | heap committed MiB | heap used MiB |\n|---:|---:|---:|---:|---:|\n");
      for (JsonNode s : soak.path("samples")) {
        sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f |%n", s.path("batches").asLong(),
            s.path("seconds").asDouble(), s.path("rss_mb").asDouble(), s.path("heap_committed_mb").asDouble(),
            s.path("heap_used_mb").asDouble()));
      }
    }
    return sb.toString();
  }

  private static String num(JsonNode n, String fmt) {
    return n.isNumber() ? String.format(Locale.ROOT, fmt, n.asDouble()) : "n/a";
  }

  private static String pct(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.1f %%", 100 * n.asDouble()) : "n/a";
  }
}
