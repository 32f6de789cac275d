package org.issastream.codec.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecCapacityException;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.CodecMismatchException;
import org.issastream.codec.Latents;
import org.issastream.codec.NoiseMaps;
import org.issastream.codec.StyleCodes;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.Test;

class BatchingCodecTest {
  static final CodecManifest M = CodecManifest.builder().id("probe").version("1").backend("probe")
      .imageSize(2, 2).styles(1, 1).addNoiseShape(1, 1, 1).file("w.bin", "a".repeat(64)).build();

  /** W+ = first pixel's red value; synthesis paints it back. Records batch sizes; can be held. */
  static final class ProbeCodec implements Codec {
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch hold = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);
    volatile boolean closed;

    @Override
    public CodecManifest manifest() {
      return M;
    }

    @Override
    public Latents invert(List<RgbImage> images) throws CodecException {
      await();
      batchSizes.add(images.size());
      threads.add(Thread.currentThread().getName());
      List<StyleCodes> s = new ArrayList<>();
      List<NoiseMaps> n = new ArrayList<>();
      for (RgbImage img : images) {
        s.add(StyleCodes.of(1, 1, new float[] {img.get(0, 0, 0)}));
        n.add(NoiseMaps.of(M.noiseShapes(), List.of(new float[] {img.get(1, 1, 0)})));
      }
      return Latents.of(s, n);
    }

    @Override
    public List<RgbImage> synthesize(Latents latents) throws CodecException {
      await();
      batchSizes.add(latents.size());
      List<RgbImage> out = new ArrayList<>();
      for (int i = 0; i < latents.size(); i++) {
        int v = (int) latents.styles(i).get(0, 0);
        out.add(RgbImage.filled(2, 2, v, v, v));
      }
      return out;
    }

    private void await() throws CodecException {
      entered.countDown();
      try {
        if (!hold.await(10, TimeUnit.SECONDS)) {
          throw new CodecException("held too long");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CodecException("interrupted", e);
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static RgbImage img(int v) {
    return RgbImage.filled(2, 2, v, 0, 0);
  }

  @Test
  void concurrentSingleRequestsCoalesceAndEachCallerGetsItsOwnResult() throws Exception {
    ProbeCodec probe = new ProbeCodec();
    probe.hold = new CountDownLatch(1); // let the queue fill while the first batch is held
    try (BatchingCodec codec = new BatchingCodec(probe, BatchingSettings.fromMap(
        Map.of("max.batch.size", 8, "max.batch.delay.ms", "20")))) {
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          int v = i;
          fs.add(pool.submit(() -> (int) codec.invert(List.of(img(v))).styles(0).get(0, 0)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (codec.stats().get(0).queued() < 16 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        probe.hold.countDown();
        for (int i = 0; i < 64; i++) {
          assertEquals(i, fs.get(i).get(10, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdown();
      }
      BatchingCodec.Stats s = codec.stats().get(0);
      assertEquals(64, s.samples());
      assertTrue(s.largestBatch() <= 8, "largest " + s.largestBatch());
      assertTrue(s.meanBatchSize() >= 4, "mean batch " + s.meanBatchSize() + " sizes " + probe.batchSizes);
      assertTrue(probe.threads.stream().allMatch(t -> t.startsWith("codec-batch-invert")));
    }
    assertTrue(probe.closed, "closing the batcher closes the delegate");
  }

  @Test
  void fullQueueRejectsAtOnceWithCapacityException() throws Exception {
    ProbeCodec probe = new ProbeCodec();
    probe.hold = new CountDownLatch(1);
    try (BatchingCodec codec = new BatchingCodec(probe, new BatchingSettings(2, Duration.ZERO, 4, 1, Duration.ofSeconds(10)))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Latents>> accepted = new ArrayList<>();
        // first batch is taken by the (held) worker, then 4 samples fill the queue
        accepted.add(pool.submit(() -> codec.invert(List.of(img(1), img(2)))));
        assertTrue(probe.entered.await(5, TimeUnit.SECONDS)); // the worker is inside the held call
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        accepted.add(pool.submit(() -> codec.invert(List.of(img(3), img(4)))));
        accepted.add(pool.submit(() -> codec.invert(List.of(img(5), img(6)))));
        while (codec.stats().get(0).queued() < 4 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        long t0 = System.nanoTime();
        assertThrows(CodecCapacityException.class, () -> codec.invert(List.of(img(7))));
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500), "rejection must not block");
        assertEquals(1, codec.stats().get(0).rejected());
        probe.hold.countDown();
        for (Future<Latents> f : accepted) {
          assertEquals(2, f.get(10, TimeUnit.SECONDS).size());
        }
        // capacity is available again
        assertEquals(7, (int) codec.invert(List.of(img(7))).styles(0).get(0, 0));
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void largeRequestsAreSplitAndBadInputFailsOnlyItsCaller() throws Exception {
    ProbeCodec probe = new ProbeCodec();
    try (BatchingCodec codec = new BatchingCodec(probe, new BatchingSettings(4, Duration.ZERO, 64, 2, Duration.ofSeconds(10)))) {
      List<RgbImage> ten = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ten.add(img(i * 10));
      }
      Latents lat = codec.invert(ten);
      assertEquals(10, lat.size());
      for (int i = 0; i < 10; i++) {
        assertEquals(i * 10, (int) lat.styles(i).get(0, 0));
      }
      assertTrue(probe.batchSizes.stream().allMatch(b -> b <= 4), probe.batchSizes.toString());
      List<RgbImage> back = codec.synthesize(lat);
      assertEquals(90, back.get(9).get(0, 0, 0));
      assertThrows(CodecMismatchException.class, () -> codec.invert(List.of(RgbImage.filled(3, 2, 0, 0, 0))));
      assertEquals(0, codec.invert(List.of()).size());
    }
  }

  @Test
  void closeFailsQueuedRequestsAndRefusesNewOnes() throws Exception {
    ProbeCodec probe = new ProbeCodec();
    probe.hold = new CountDownLatch(1);
    BatchingCodec codec = new BatchingCodec(probe, new BatchingSettings(1, Duration.ZERO, 16, 1, Duration.ofSeconds(10)));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<Latents> running = pool.submit(() -> codec.invert(List.of(img(1))));
      assertTrue(probe.entered.await(5, TimeUnit.SECONDS));
      Future<Latents> queued = pool.submit(() -> codec.invert(List.of(img(2))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (codec.stats().get(0).queued() < 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      Future<?> closing = pool.submit(codec::close);
      Thread.sleep(50);
      probe.hold.countDown();
      closing.get(10, TimeUnit.SECONDS);
      assertEquals(1, (int) running.get(10, TimeUnit.SECONDS).styles(0).get(0, 0));
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> queued.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof CodecException, e.toString());
      assertThrows(CodecException.class, () -> codec.invert(List.of(img(3))));
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void settingsValidateAndRejectUnknownKeys() {
    assertEquals(8, BatchingSettings.fromMap(Map.of("max.batch.size", "8")).maxBatchSize());
    assertThrows(IllegalArgumentException.class, () -> BatchingSettings.fromMap(Map.of("max.batch.size", 0)));
    assertThrows(IllegalArgumentException.class, () -> BatchingSettings.fromMap(Map.of("max.batch", 4)));
    assertThrows(IllegalArgumentException.class, () -> BatchingSettings.fromMap(Map.of("workers", "x")));
  }
}
