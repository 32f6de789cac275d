package org.issastream.codec.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecCapacityException;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.synthdrive.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching in front of a thread-safe {@link Codec}: calls from many threads are queued per
 * operation (invert, synthesize; mix goes through synthesize) and coalesced into one forward pass of
 * up to {@code max.batch.size} samples, waiting at most {@code max.batch.delay.ms} after the first
 * request of a batch arrived. Requests larger than the batch size are split.
 *
 * <p>Back-pressure: each operation's queue holds at most {@code queue.capacity} samples; a call that
 * would exceed it fails at once with {@link CodecCapacityException} — it never blocks the caller's
 * thread on a full queue and never grows memory without bound. Inputs are checked against the
 * manifest before queueing, so one bad request fails only its own caller.
 *
 * <p>Each worker thread runs its batches on the delegate from that thread, so a DJL delegate uses
 * one predictor per worker. Closing fails queued requests, stops the workers and closes the delegate.
 */
public final class BatchingCodec implements Codec {
  private static final Logger LOG = LoggerFactory.getLogger(BatchingCodec.class);

  private final Codec delegate;
  private final BatchingSettings settings;
  private final Lane<List<RgbImage>, Latents> invertLane;
  private final Lane<Latents, List<RgbImage>> synthLane;
  private volatile boolean closed;

  public BatchingCodec(Codec delegate, BatchingSettings settings) {
    this.delegate = delegate;
    this.settings = settings;
    this.invertLane = new Lane<>("invert", List::size, (in, from, to) -> in.subList(from, to),
        parts -> concatLists(parts), delegate::invert, (out, from, to) -> out.slice(from, to));
    this.synthLane = new Lane<>("synthesize", Latents::size, Latents::slice,
        Latents::concat, delegate::synthesize, (out, from, to) -> out.subList(from, to));
    invertLane.start();
    synthLane.start();
  }

  private static List<RgbImage> concatLists(List<List<RgbImage>> parts) {
    List<RgbImage> all = new ArrayList<>();
    parts.forEach(all::addAll);
    return all;
  }

  @Override
  public CodecManifest manifest() {
    return delegate.manifest();
  }

  @Override
  public Latents invert(List<RgbImage> images) throws CodecException {
    manifest().checkImages(images);
    return invertLane.call(images, Latents::concat);
  }

  @Override
  public List<RgbImage> synthesize(Latents latents) throws CodecException {
    manifest().checkLatents(latents);
    return synthLane.call(latents, BatchingCodec::concatLists);
  }

  /** Counters since start: invert lane, then synthesize lane. */
  public List<Stats> stats() {
    return List.of(invertLane.stats(), synthLane.stats());
  }

  public BatchingSettings settings() {
    return settings;
  }

  /** Counters of one operation. */
  public record Stats(String operation, long batches, long samples, long rejected, int queued, int largestBatch) {
    public double meanBatchSize() {
      return batches == 0 ? 0 : (double) samples / batches;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      invertLane.stop();
      synthLane.stop();
    } finally {
      delegate.close();
    }
  }

  // ------------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Slicer<T> {
    T slice(T whole, int from, int to);
  }

  @FunctionalInterface
  private interface Op<I, O> {
    O run(I in) throws CodecException;
  }

  /** A queued piece of a request: {@code size} samples and the future of their result. */
  private static final class Pending<I, O> {
    final I input;
    final int size;
    final long enqueuedNanos = System.nanoTime();
    final CompletableFuture<O> result = new CompletableFuture<>();

    Pending(I input, int size) {
      this.input = input;
      this.size = size;
    }
  }

  /** One operation's queue and workers. */
  private final class Lane<I, O> {
    private final String name;
    private final Function<I, Integer> sizeOf;
    private final Slicer<I> sliceIn;
    private final Function<List<I>, I> concatIn;
    private final Op<I, O> op;
    private final Slicer<O> sliceOut;
    private final LinkedBlockingDeque<Pending<I, O>> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger queuedSamples = new AtomicInteger();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicInteger largest = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    Lane(String name, Function<I, Integer> sizeOf, Slicer<I> sliceIn, Function<List<I>, I> concatIn,
        Op<I, O> op, Slicer<O> sliceOut) {
      this.name = name;
      this.sizeOf = sizeOf;
      this.sliceIn = sliceIn;
      this.concatIn = concatIn;
      this.op = op;
      this.sliceOut = sliceOut;
    }

    void start() {
      for (int i = 0; i < settings.workers(); i++) {
        Thread t = new Thread(this::loop, "codec-batch-" + name + "-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    Stats stats() {
      return new Stats(name, batches.get(), samples.get(), rejected.get(), queuedSamples.get(), largest.get());
    }

    /** Queues the request (split into pieces of at most max.batch.size) and waits for all pieces. */
    O call(I input, Function<List<O>, O> concatOut) throws CodecException {
      int n = sizeOf.apply(input);
      if (n == 0) {
        return op.run(input);
      }
      if (closed) {
        throw new CodecException("batching codec is closed");
      }
      if (queuedSamples.addAndGet(n) > settings.queueCapacity()) {
        queuedSamples.addAndGet(-n);
        rejected.incrementAndGet();
        throw new CodecCapacityException(name + " queue is full (" + settings.queueCapacity()
            + " samples); retry later or slow down");
      }
      int max = settings.maxBatchSize();
      List<Pending<I, O>> pieces = new ArrayList<>();
      for (int from = 0; from < n; from += max) {
        int to = Math.min(n, from + max);
        Pending<I, O> p = new Pending<>(n <= max ? input : sliceIn.slice(input, from, to), to - from);
        pieces.add(p);
        queue.offerLast(p);
      }
      if (closed) { // raced with close(): the workers may be gone
        cancel(pieces);
        throw new CodecException("batching codec is closed");
      }
      long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
      List<O> outs = new ArrayList<>(pieces.size());
      try {
        for (Pending<I, O> p : pieces) {
          outs.add(p.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
      } catch (ExecutionException e) {
        cancel(pieces);
        if (e.getCause() instanceof CodecException ce) {
          throw ce;
        }
        throw new CodecException(name + " failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        cancel(pieces);
        throw new CodecException(name + " of " + n + " samples timed out after " + settings.requestTimeout().toMillis() + " ms");
      } catch (InterruptedException e) {
        cancel(pieces);
        Thread.currentThread().interrupt();
        throw new CodecException(name + " interrupted", e);
      } catch (CancellationException e) {
        throw new CodecException(name + " cancelled: batching codec closed");
      }
      return outs.size() == 1 ? outs.get(0) : concatOut.apply(outs);
    }

    private void cancel(List<Pending<I, O>> pieces) {
      for (Pending<I, O> p : pieces) {
        if (queue.remove(p)) {
          queuedSamples.addAndGet(-p.size);
        }
        p.result.cancel(false);
      }
    }

    private void loop() {
      long delay = settings.maxBatchDelay().toNanos();
      int max = settings.maxBatchSize();
      while (!closed) {
        List<Pending<I, O>> batch = new ArrayList<>();
        try {
          Pending<I, O> first = queue.pollFirst(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          int n = first.size;
          long deadline = first.enqueuedNanos + delay;
          while (n < max) {
            long wait = deadline - System.nanoTime();
            Pending<I, O> next = wait > 0 ? queue.pollFirst(wait, TimeUnit.NANOSECONDS) : queue.pollFirst();
            if (next == null) {
              break;
            }
            if (n + next.size > max) {
              queue.offerFirst(next); // does not fit: first in line for the next batch
              break;
            }
            batch.add(next);
            n += next.size;
          }
        } catch (InterruptedException e) {
          batch.forEach(p -> p.result.completeExceptionally(new CodecException(name + " worker interrupted")));
          Thread.currentThread().interrupt();
          return;
        }
        run(batch);
      }
    }

    private void run(List<Pending<I, O>> batch) {
      int n = 0;
      List<I> inputs = new ArrayList<>(batch.size());
      for (Pending<I, O> p : batch) {
        queuedSamples.addAndGet(-p.size);
        n += p.size;
        inputs.add(p.input);
      }
      try {
        O out = op.run(inputs.size() == 1 ? inputs.get(0) : concatIn.apply(inputs));
        batches.incrementAndGet();
        samples.addAndGet(n);
        largest.accumulateAndGet(n, Math::max);
        int from = 0;
        for (Pending<I, O> p : batch) {
          p.result.complete(batch.size() == 1 ? out : sliceOut.slice(out, from, from + p.size));
          from += p.size;
        }
      } catch (CodecException | RuntimeException e) {
        LOG.warn("{} batch of {} samples failed: {}", name, n, e.toString());
        batch.forEach(p -> p.result.completeExceptionally(e));
      }
    }

    void stop() {
      for (Pending<I, O> p; (p = queue.pollFirst()) != null; ) {
        queuedSamples.addAndGet(-p.size);
        p.result.completeExceptionally(new CodecException(name + " not run: batching codec closed"));
      }
      for (Thread t : threads) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (t.isAlive()) {
          LOG.warn("{} did not stop within 30 s", t.getName());
        }
      }
    }
  }
}
