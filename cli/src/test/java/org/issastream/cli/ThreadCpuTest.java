package org.issastream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void groupsThreadNamesWithoutTheirNumbers() {
    assertEquals("ForkJoinPool.commonPool-worker", ThreadCpu.group("ForkJoinPool.commonPool-worker-3"));
    assertEquals("GC Thread", ThreadCpu.group("GC Thread#1"));
    assertEquals("kafka-producer-network-thread", ThreadCpu.group("kafka-producer-network-thread"));
    assertEquals("C2 CompilerThre", ThreadCpu.group("C2 CompilerThre"));
  }

  @Test
  void attributesCpuBurntByANamedThreadToItsGroup() throws Exception {
    Map<String, Double> before = ThreadCpu.snapshot();
    Thread t = new Thread(() -> {
      long end = System.nanoTime() + 300_000_000L;
      double x = 0;
      while (System.nanoTime() < end) {
        x += Math.sqrt(x + 1);
      }
      if (x < 0) {
        throw new AssertionError();
      }
    }, "cpu-burner-7");
    t.start();
    Thread.sleep(250); // read while it is alive: /proc only lists live threads
    Map<String, Double> during = ThreadCpu.snapshot();
    t.join();
    double used = ThreadCpu.delta(before, during).getOrDefault("cpu-burner", 0.0);
    assertTrue(used >= 0.05 && used <= 0.5, "cpu-burner used " + used + " s of CPU in ~0.25 s");
  }
}
