package org.issastream.streams.curator.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.Origin;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.issastream.streams.curator.policy.BucketPool;
import org.issastream.streams.curator.policy.Decision;
import org.issastream.streams.curator.policy.Member;
import org.issastream.streams.curator.policy.PolicySettings;
import org.issastream.streams.curator.policy.QuotaPlan;
import org.issastream.streams.curator.policy.RejectReason;

/**
 * Drives the curator's admission policy (the same {@link QuotaPlan} and {@link BucketPool} the
 * Kafka Streams processor uses) with a synthetic fleet over simulated days, and prints the pool's
 * composition as conditions shift: a dry autumn week interrupted by a first snowfall, then a thaw.
 *
 * <p>Synthetic codes: each condition has a style centroid, each street scene a layout direction;
 * a code is centroid + scene + small noise, normalised. Two images of the same scene under the
 * same condition are near-duplicates (cosine about 0.96), so novelty filtering has real work.
 * Deterministic for a seed.
 */
public final class PoolSimulation {

  /** Simulation parameters. */
  public record Params(
      QuotaPlan plan,
      PolicySettings policy,
      int days,
      int fleetPerHour,
      int externalPerHour,
      int reportEveryHours,
      long seed) {}

  /** Final numbers, for tests and the docs. */
  public record Result(
      Map<String, Integer> finalEntries,
      Map<String, Integer> peakEntries,
      Map<RejectReason, Integer> rejections,
      int admitted,
      int replaced,
      int expired,
      int maxPoolSize) {}

  private static final int DIM = 64;
  private static final int SCENES = 200;
  private static final long HOUR = 3_600_000L;
  private static final String[] WEATHER_ORDER = {"CLEAR", "OVERCAST", "FOG", "RAIN", "SNOW"};

  private final Params p;
  private final Random rnd;
  private final Map<String, float[]> centroids = new HashMap<>();
  private final float[][] scenes = new float[SCENES][];
  private final Map<String, BucketPool> pools = new LinkedHashMap<>();
  private final Set<String> seen = new HashSet<>();

  public PoolSimulation(Params params) {
    this.p = params;
    this.rnd = new Random(params.seed());
    for (int i = 0; i < SCENES; i++) {
      scenes[i] = gaussian(0.6);
    }
    params.plan().slots().forEach((b, q) -> pools.put(b, new BucketPool(b, q)));
  }

  /** Weather mix of the fleet for a simulated day: dry autumn, first snow on day 3, thaw from day 5. */
  static double[] weatherMix(int day, int hour) {
    // CLEAR, OVERCAST, FOG, RAIN, SNOW
    if (day < 3 || (day == 3 && hour < 6)) {
      return new double[] {0.45, 0.30, 0.05, 0.20, 0.0};
    }
    if (day < 5) {
      return new double[] {0.10, 0.20, 0.0, 0.0, 0.70};
    }
    return new double[] {0.20, 0.40, 0.05, 0.30, 0.05};
  }

  static TimeOfDay timeOfDay(int hour) {
    if (hour >= 7 && hour < 17) {
      return TimeOfDay.DAY;
    }
    return hour >= 17 && hour < 19 ? TimeOfDay.DUSK : TimeOfDay.NIGHT;
  }

  public Result run(PrintStream out) {
    long t0 = 0;
    int imageSeq = 0;
    int admitted = 0;
    int replaced = 0;
    int expiredCount = 0;
    int maxSize = 0;
    Map<RejectReason, Integer> rejections = new java.util.EnumMap<>(RejectReason.class);
    Map<String, Integer> peak = new LinkedHashMap<>();
    int[] window = new int[4]; // admitted, not novel, replaced, expired since last report
    Map<String, Integer> incoming = new HashMap<>();
    header(out);
    for (int h = 0; h < p.days() * 24; h++) {
      int day = h / 24;
      int hour = h % 24;
      long hourStart = t0 + h * HOUR;
      // the fleet drives less at night
      double volume = switch (timeOfDay(hour)) {
        case DAY -> 1.0;
        case DUSK -> 0.8;
        default -> 0.3;
      };
      int fleet = (int) Math.round(p.fleetPerHour() * volume);
      int arrivals = fleet + p.externalPerHour();
      for (int i = 0; i < arrivals; i++) {
        boolean external = i >= fleet;
        long now = hourStart + (i * HOUR) / arrivals;
        ConditionTags tags = external ? randomTags() : fleetTags(day, hour);
        Origin origin = external ? Origin.EXTERNAL : Origin.FLEET;
        String bucket = p.plan().bucketFor(origin, tags);
        incoming.merge(bucket, 1, Integer::sum);
        String imageId = "img-" + (imageSeq++);
        float[] unit = code(tags, external);
        long capture = now - (long) (rnd.nextDouble() * 0.5 * HOUR); // codes arrive within 30 min
        BucketPool pool = pools.computeIfAbsent(bucket, b -> new BucketPool(b, p.plan().quota(b)));
        Decision d = seen.contains(imageId)
            ? new Decision.Reject(RejectReason.DUPLICATE, "seen")
            : pool.offer(imageId, unit, capture, now, p.policy());
        if (d instanceof Decision.Reject r) {
          rejections.merge(r.reason(), 1, Integer::sum);
          if (r.reason() == RejectReason.NOT_NOVEL) {
            window[1]++;
          }
          continue;
        }
        Decision.Admit a = (Decision.Admit) d;
        if (a.replaced() != null) {
          replaced++;
          window[2]++;
        }
        pool.put(a.slot(), new Member(imageId, unit, capture, now, a.novelty()));
        seen.add(imageId);
        admitted++;
        window[0]++;
      }
      long sweepAt = hourStart + HOUR;
      for (BucketPool pool : pools.values()) {
        for (int slot : pool.expired(sweepAt, p.policy())) {
          pool.remove(slot);
          expiredCount++;
          window[3]++;
        }
        peak.merge(pool.bucket(), pool.size(), Math::max);
      }
      int size = pools.values().stream().mapToInt(BucketPool::size).sum();
      maxSize = Math.max(maxSize, size);
      if ((h + 1) % p.reportEveryHours() == 0) {
        report(out, h + 1, sweepAt, incoming, window);
        incoming.clear();
        window = new int[4];
      }
    }
    Map<String, Integer> fin = new LinkedHashMap<>();
    pools.forEach((b, pool) -> fin.put(b, pool.size()));
    return new Result(fin, peak, rejections, admitted, replaced, expiredCount, maxSize);
  }

  private void header(PrintStream out) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %-26s", "time", "fleet now (top 2)"));
    for (Map.Entry<String, Integer> e : p.plan().slots().entrySet()) {
      sb.append(String.format(Locale.ROOT, " %8s", abbreviate(e.getKey())));
    }
    sb.append(String.format(Locale.ROOT, " %5s %6s %18s", "size", "age_h", "adm/nov/repl/ttl"));
    out.println(sb);
    StringBuilder q = new StringBuilder(String.format(Locale.ROOT, "%-8s %-26s", "", "(slots)"));
    for (int slots : p.plan().slots().values()) {
      q.append(String.format(Locale.ROOT, " %8d", slots));
    }
    out.println(q);
  }

  private void report(PrintStream out, int hours, long now, Map<String, Integer> incoming, int[] w) {
    int total = incoming.values().stream().mapToInt(Integer::intValue).sum();
    List<Map.Entry<String, Integer>> top = new ArrayList<>(incoming.entrySet());
    top.sort((a, b) -> b.getValue() - a.getValue());
    StringBuilder mix = new StringBuilder();
    for (int i = 0; i < Math.min(2, top.size()); i++) {
      mix.append(String.format(Locale.ROOT, "%s %d%% ", abbreviate(top.get(i).getKey()),
          Math.round(100.0 * top.get(i).getValue() / total)));
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "d%d %02dh  %-26s",
        hours / 24, hours % 24, mix.toString().trim()));
    long sumAge = 0;
    int size = 0;
    for (String b : p.plan().slots().keySet()) {
      BucketPool pool = pools.get(b);
      sb.append(String.format(Locale.ROOT, " %8d", pool.size()));
      size += pool.size();
      sumAge += pool.totalAgeMs(now, p.policy().ageBasis());
    }
    sb.append(String.format(Locale.ROOT, " %5d %6.1f %18s", size,
        size == 0 ? 0.0 : sumAge / (double) size / HOUR, w[0] + "/" + w[1] + "/" + w[2] + "/" + w[3]));
    out.println(sb);
  }

  private static String abbreviate(String s) {
    return s.length() <= 8 ? s : s.substring(0, 8);
  }

  private ConditionTags fleetTags(int day, int hour) {
    if (rnd.nextDouble() < 0.05) {
      return tags(Weather.UNKNOWN, TimeOfDay.UNKNOWN);
    }
    double[] mix = weatherMix(day, hour);
    double u = rnd.nextDouble();
    int w = 0;
    for (double acc = mix[0]; u > acc && w < mix.length - 1; acc += mix[++w]) {
      // pick weather w
    }
    return tags(Weather.valueOf(WEATHER_ORDER[w]), timeOfDay(hour));
  }

  private ConditionTags randomTags() {
    Weather w = Weather.valueOf(WEATHER_ORDER[rnd.nextInt(WEATHER_ORDER.length)]);
    TimeOfDay t = TimeOfDay.values()[1 + rnd.nextInt(3)];
    return tags(w, t);
  }

  private static ConditionTags tags(Weather w, TimeOfDay t) {
    return ConditionTags.newBuilder().setWeather(w).setTimeOfDay(t).setPlace(null).build();
  }

  private float[] code(ConditionTags tags, boolean external) {
    String cond = tags.getWeather() + "/" + tags.getTimeOfDay();
    float[] c = centroids.computeIfAbsent(cond, k -> gaussian(1.0));
    // external exemplars come from elsewhere: their own scenes, more varied
    float[] scene = external ? gaussian(0.6) : scenes[rnd.nextInt(SCENES)];
    float[] v = new float[DIM];
    double sq = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = c[i] + scene[i] + (float) (rnd.nextGaussian() * 0.03);
      sq += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(sq));
    for (int i = 0; i < DIM; i++) {
      v[i] *= inv;
    }
    return v;
  }

  // random vector with expected norm `norm`
  private float[] gaussian(double norm) {
    float[] v = new float[DIM];
    double s = norm / Math.sqrt(DIM);
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (rnd.nextGaussian() * s);
    }
    return v;
  }
}
