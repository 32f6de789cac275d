package org.issastream.cli;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import java.util.ArrayList;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.SynthDrive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issa bench-synth}: SynthDrive render throughput (no disk I/O). */
@Command(name = "bench-synth", mixinStandardHelpOptions = true,
    description = "Measure SynthDrive render throughput: scenes per second over all conditions and places, after a warm-up.")
public final class SynthBenchCommand implements Callable<Integer> {
  @Option(names = "--size", defaultValue = "64x128", description = "HEIGHTxWIDTH (default ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--threads", defaultValue = "2", description = "Render threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--seconds", defaultValue = "20", description = "Measured duration (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--warmup", defaultValue = "5", description = "Warm-up duration in seconds (default ${DEFAULT-VALUE}).")
  double warmup;

  @Override
  public Integer call() throws Exception {
    int[] hw = SynthOptions.size(size);
    run(hw, warmup, 0);
    double[] r = run(hw, seconds, 1_000_000);
    double rate = r[0];
    double cpuMs = r[1];
    System.out.printf("bench-synth: %dx%d, %d thread(s), %.0f s: %.1f scenes/s wall-clock (%d scenes)%n",
        hw[1], hw[0], threads, seconds, rate, (long) r[2]);
    System.out.printf("cpu time: %.2f ms per scene -> %.1f scenes/s per fully available core%n", cpuMs, 1000 / cpuMs);
    System.out.printf("machine: %d available processors, %s %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    return 0;
  }

  /** Returns {scenes per second, CPU milliseconds per scene, scenes}. */
  private double[] run(int[] hw, double secs, long seedBase) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong next = new AtomicLong();
    long deadline = System.nanoTime() + (long) (secs * 1e9);
    long t0 = System.nanoTime();
    try {
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      AtomicLong cpuNs = new AtomicLong();
      List<Future<Long>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          long c0 = mx.getCurrentThreadCpuTime();
          long n = 0;
          Condition[] cs = Condition.values();
          Place[] ps = Place.values();
          while (System.nanoTime() < deadline) {
            long k = next.getAndIncrement();
            SynthDrive.render(seedBase + k, cs[(int) (k % cs.length)], ps[(int) (k / cs.length % ps.length)], hw[1], hw[0]);
            n++;
          }
          cpuNs.addAndGet(mx.getCurrentThreadCpuTime() - c0);
          return n;
        }));
      }
      long total = 0;
      for (Future<Long> f : fs) {
        total += f.get();
      }
      return new double[] {total / ((System.nanoTime() - t0) / 1e9), cpuNs.get() / 1e6 / total, total};
    } finally {
      pool.shutdownNow();
    }
  }
}
