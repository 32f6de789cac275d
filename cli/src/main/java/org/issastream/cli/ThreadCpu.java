package org.issastream.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this process's threads (Java and native, e.g. libtorch's OpenMP workers) from
 * {@code /proc/self/task/<tid>/stat}, grouped by thread name with trailing numbers removed, so a
 * benchmark can say where its cores went. Empty where /proc is not available.
 */
final class ThreadCpu {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ThreadCpu() {}

  /** Per thread group: CPU seconds (user + system) used so far by its live threads. */
  static Map<String, Double> snapshot() {
    Map<String, Double> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path t : ds) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
          continue;
        }
        String[] rest = stat.substring(close + 2).split(" ");
        if (rest.length < 13) {
          continue;
        }
        double seconds = (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) / TICKS_PER_SECOND;
        out.merge(group(stat.substring(open + 1, close)), seconds, Double::sum);
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** "kafka-producer-network-thread" stays, "ForkJoinPool.commonPool-worker-3" loses its number. */
  static String group(String comm) {
    return comm.replaceAll("[-_#. ]*\\d+$", "");
  }

  /** Per group, CPU seconds used between two snapshots (groups that used none left out). */
  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new HashMap<>();
    after.forEach((g, s) -> {
      double used = s - before.getOrDefault(g, 0.0);
      if (used > 0) {
        d.put(g, used);
      }
    });
    return d;
  }
}
