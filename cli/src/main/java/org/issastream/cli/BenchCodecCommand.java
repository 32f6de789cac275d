package org.issastream.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.issastream.codec.bench.BenchMarkdown;
import org.issastream.codec.bench.CodecBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa bench codec}: DJL TorchScript codec vs python-torch on the same files; soak. */
@Command(name = "codec", mixinStandardHelpOptions = true,
    description = {"Latency/throughput of invert, synthesize and mix per batch size on the DJL TorchScript backend,",
        "the same TorchScript files timed by python-torch (/usr/bin/python3, Debian python3-torch) in the same run,",
        "achieved GFLOP/s vs a libtorch GEMM peak, and optionally a native-memory soak through the batcher."})
public final class BenchCodecCommand implements Callable<Integer> {
  @Option(names = "--codec", paramLabel = "DIR",
      description = "TorchScript codec directory (default: generate a random-weight codec of the mini codec's shapes).")
  Path codec;

  @Option(names = "--batches", split = ",", defaultValue = "1,4,16", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--ops", split = ",", defaultValue = "invert,synthesize,mix", description = "Operations (default: ${DEFAULT-VALUE}).")
  List<String> ops;

  @Option(names = "--iters", defaultValue = "10", description = "Timed calls per op and batch on each side (default: ${DEFAULT-VALUE}).")
  int iters;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed calls first, at least (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--warmup-seconds", defaultValue = "3",
      description = "... and at least this long, per op and batch size on each side (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--threads", description = "Intra-op threads on both sides (default: number of CPUs).")
  Integer threads;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch (default: ${DEFAULT-VALUE}).")
  Path python;

  @Option(names = "--no-python", description = "Skip the python-torch comparison.")
  boolean noPython;

  @Option(names = "--tools", paramLabel = "DIR", description = "tools/torchscript directory (default: found from the working directory or the jar).")
  Path tools;

  @Option(names = "--soak", defaultValue = "0", paramLabel = "BATCHES", description = "Run this many batches through the dynamic batcher sampling RSS.")
  int soak;

  @Option(names = "--soak-codec", paramLabel = "DIR", description = "Codec for the soak (default: the benchmarked one).")
  Path soakCodec;

  @Option(names = "--json", description = "Print one JSON object (with djl_vs_python_ratio and gemm_utilisation) on stdout.")
  boolean json;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the results as Markdown (e.g. docs/results/codec-bench.md).")
  Path markdown;

  @Override
  public Integer call() throws Exception {
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    CodecBenchmark.configureThreads(t); // before the PyTorch engine starts
    Path toolsDir = tools != null ? tools : findTools();
    CodecBenchmark.Options o = new CodecBenchmark.Options(codec, python, toolsDir, batches, ops, warmup, warmupSeconds, iters, t, device,
        !noPython, soak, soakCodec);
    ObjectNode report = new CodecBenchmark(o, json ? System.err::println : System.out::println).run();
    if (markdown != null) {
      String cmd = "./issa " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      Files.writeString(markdown, BenchMarkdown.render(report, cmd));
    }
    if (json) {
      System.out.println(report);
    } else {
      System.out.printf("djl_vs_python_ratio %s, gemm_utilisation %s%n", report.path("djl_vs_python_ratio"), report.path("gemm_utilisation"));
    }
    return 0;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private static Path findTools() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path t = p.resolve("tools/torchscript");
      if (Files.isRegularFile(t.resolve("bench_python.py"))) {
        return t;
      }
    }
    try {
      Path jar = Path.of(BenchCodecCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path t = jar.getParent().getParent().getParent().resolve("tools/torchscript"); // cli/target/issa.jar
      if (Files.isRegularFile(t.resolve("bench_python.py"))) {
        return t;
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot locate tools/torchscript; pass --tools DIR", e);
    }
    throw new IllegalStateException("cannot locate tools/torchscript; pass --tools DIR");
  }
}
