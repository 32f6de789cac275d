package org.issastream.synthdrive.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.Scene;
import org.issastream.synthdrive.SynthDrive;

/**
 * Generates a labelled SynthDrive dataset: {@code count} images balanced over the given conditions
 * (cycling fastest) and places, each with its own layout seed derived from the base seed, split
 * train/val by a fixed interleaving, written with a {@link DatasetWriter} plus a
 * {@link Manifest}. The output is a pure function of the options.
 */
public final class SynthDataset {
  private SynthDataset() {}

  /** What to generate. */
  public record Options(Path out, int count, List<Condition> conditions, List<Place> places, long seed, int width,
      int height, double valFraction, DatasetLayout layout, boolean colour, int threads) {
    public Options {
      Objects.requireNonNull(out);
      if (count < 1) {
        throw new IllegalArgumentException("count must be >= 1: " + count);
      }
      if (conditions.isEmpty() || places.isEmpty()) {
        throw new IllegalArgumentException("need at least one condition and one place");
      }
      if (valFraction < 0 || valFraction > 1) {
        throw new IllegalArgumentException("val fraction must be in [0, 1]: " + valFraction);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1: " + threads);
      }
      conditions = List.copyOf(conditions);
      places = List.copyOf(places);
    }
  }

  /** Layout seed of the k-th image (a SplitMix64 step of the base seed, so nearby bases do not overlap). */
  public static long imageSeed(long base, int k) {
    long z = base + 0x9E3779B97F4A7C15L * (k + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & 0x7fffffffffffL; // positive, at most 47 bits: readable in names
  }

  /** Whether the k-th image goes to val: an exact, interleaved share of valFraction. */
  static boolean isVal(int k, double valFraction) {
    return Math.floor((k + 1) * valFraction) > Math.floor(k * valFraction);
  }

  /**
   * Generates the dataset.
   *
   * @param progress called with the number of images finished so far (from worker threads)
   */
  public static Manifest generate(Options o, IntConsumer progress) throws IOException, InterruptedException {
    DatasetWriter writer = new DatasetWriter(o.out(), o.layout(), o.colour());
    int nc = o.conditions().size();
    int np = o.places().size();
    ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
      Thread t = new Thread(r, "synthdrive-writer");
      t.setDaemon(true);
      return t;
    });
    List<Future<Manifest.Entry>> futures = new ArrayList<>(o.count());
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    try {
      for (int k = 0; k < o.count(); k++) {
        int idx = k;
        futures.add(pool.submit(() -> {
          Condition c = o.conditions().get(idx % nc);
          Place p = o.places().get((idx / nc) % np);
          long seed = imageSeed(o.seed(), idx);
          String split = isVal(idx, o.valFraction()) ? "val" : "train";
          String name = String.format("%s_%06d_%s", p.id(), idx, c.id());
          Scene s = SynthDrive.render(seed, c, p, o.width(), o.height());
          String group = o.layout() == DatasetLayout.CITYSCAPES ? p.id() : String.format("seq%02d", idx / 100);
          DatasetWriter.Written w;
          try {
            w = writer.write(split, group, c.id(), name, s.image(), s.label());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          progress.accept(done.incrementAndGet());
          return new Manifest.Entry(name, split, c.id(), p.id(), seed, w.image(), w.label(), w.color());
        }));
      }
      List<Manifest.Entry> entries = new ArrayList<>(o.count());
      for (Future<Manifest.Entry> f : futures) {
        try {
          entries.add(f.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          throw new IOException(cause);
        }
      }
      entries.sort(Comparator.comparing(Manifest.Entry::name));
      Manifest m = new Manifest("synthdrive", 1, o.layout().id(), o.seed(), o.width(), o.height(), o.count(),
          o.valFraction(), o.conditions().stream().map(Condition::id).toList(),
          o.places().stream().map(Place::id).toList(), counts(entries), entries);
      m.write(o.out());
      return m;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<String, Map<String, Integer>> counts(List<Manifest.Entry> entries) {
    Map<String, Integer> byCondition = new java.util.TreeMap<>();
    Map<String, Integer> byPlace = new java.util.TreeMap<>();
    Map<String, Integer> bySplit = new java.util.TreeMap<>();
    for (Manifest.Entry e : entries) {
      byCondition.merge(e.condition(), 1, Integer::sum);
      byPlace.merge(e.place(), 1, Integer::sum);
      bySplit.merge(e.split(), 1, Integer::sum);
    }
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    m.put("condition", byCondition);
    m.put("place", byPlace);
    m.put("split", bySplit);
    return m;
  }
}
