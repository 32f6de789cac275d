package org.issastream.worker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.codec.NoiseMaps;
import org.issastream.codec.StyleCodeRecords;
import org.issastream.codec.StyleCodes;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.CodeDType;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.MixParams;
import org.issastream.schemas.Origin;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.Split;
import org.issastream.schemas.StyleCode;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.RgbImage;

/**
 * The worker's per-batch work, free of Kafka: invert every image once, emit its style codes, and
 * synthesise K variants for each labelled TRAIN image (its noise, exemplar styles) plus one proxy
 * validation sample per pool bucket for each labelled VAL image. Until the pool has entries of this
 * codec, styles come from the other images of the same batch, then from the last styles this engine
 * saw, so a fresh cluster still produces samples.
 *
 * <p>Sample ids are {@code <contentId>__v<k>} and {@code <contentId>__proxy__<bucket>}: a function
 * of the input alone, so a re-run after a crash produces the same ids (and, with the same pool, the
 * same bytes).
 */
public final class AugmentEngine {
  private static final int RECENT_STYLES = 64;

  private final Codec codec;
  private final CodecManifest manifest;
  private final StyleSampler sampler;
  private final int variants;
  private final MixPolicy mixPolicy;
  private final int[] slots;
  private final float strength;
  private final Deque<StyleSampler.Candidate> recent = new ArrayDeque<>();

  private final int pngLevel;

  public AugmentEngine(Codec codec, StyleSampler sampler, int variants, int[] mixSlots, float strength, long seed) {
    this(codec, sampler, variants, mixSlots, strength, seed, Images.DEFAULT_PNG_LEVEL);
  }

  /** @param pngLevel zlib level (0-9) of the synthesised images' PNGs */
  public AugmentEngine(Codec codec, StyleSampler sampler, int variants, int[] mixSlots, float strength, long seed,
      int pngLevel) {
    this.pngLevel = pngLevel;
    this.codec = codec;
    this.manifest = codec.manifest();
    this.sampler = sampler;
    this.variants = variants;
    this.slots = mixSlots.length == 0 ? manifest.defaultMixSlots() : mixSlots.clone();
    this.strength = strength;
    this.mixPolicy = MixPolicy.defaults().withSlots(slots).withStrength(strength).withSeed(seed);
  }

  /** What one batch produced. */
  public record Result(List<StyleCode> styleCodes, List<AugmentedSample> train, List<AugmentedSample> proxy) {}

  /**
   * A batch after the codec, before its samples are encoded: the style codes, every planned
   * synthesis and its image. Wall times in nanoseconds of the inversion and of the synthesis (mix).
   */
  public record Inferred(List<StyleCode> styleCodes, List<Planned> planned, List<RgbImage> images, long nowMs,
      long invertNanos, long synthNanos) {}

  /** One synthesis of a batch: content, exemplar style, variant and the sample id. */
  public record Planned(InputImage content, StyleSampler.Candidate style, int variant, Split split, String sampleId) {}

  public CodecManifest manifest() {
    return manifest;
  }

  /** {@link #infer} then {@link #finish}: the whole batch on the calling thread. */
  public Result process(List<InputImage> batch, Collection<PoolEntry> pool, long nowMs) throws CodecException {
    return finish(infer(batch, pool, nowMs));
  }

  /**
   * The codec part of a batch: invert every image, emit its style codes, plan and run the
   * syntheses as one mix call. Not thread-safe (it keeps the recent styles); call from one thread.
   */
  public Inferred infer(List<InputImage> batch, Collection<PoolEntry> pool, long nowMs) throws CodecException {
    if (batch.isEmpty()) {
      return new Inferred(List.of(), List.of(), List.of(), nowMs, 0, 0);
    }
    long t0 = System.nanoTime();
    Latents latents = codec.invert(batch.stream().map(InputImage::image).toList());
    long t1 = System.nanoTime();

    List<StyleCode> codes = new ArrayList<>(batch.size());
    List<StyleSampler.Candidate> batchCandidates = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      InputImage in = batch.get(i);
      FleetImage r = in.record();
      Origin origin = in.external() ? Origin.EXTERNAL : Origin.FLEET;
      StyleCodes w = latents.styles(i);
      codes.add(StyleCodeRecords.builder(w, CodeDType.FLOAT32, manifest)
          .setImageId(r.getImageId())
          .setOrigin(origin)
          .setConditions(r.getConditions())
          .setCaptureTimeMs(r.getCaptureTimeMs())
          .setCreatedTimeMs(java.time.Instant.ofEpochMilli(nowMs))
          .build());
      StyleSampler.Candidate c = new StyleSampler.Candidate("batch/" + r.getImageId(), r.getImageId(),
          in.external() ? "external" : conditionBucket(r), w, r.getConditions(), origin);
      batchCandidates.add(c);
    }

    List<StyleSampler.Candidate> poolCandidates = poolCandidates(pool);
    List<StyleSampler.Candidate> fallback = new ArrayList<>(batchCandidates);
    fallback.addAll(recent);
    List<StyleSampler.Candidate> candidates = poolCandidates.isEmpty() ? fallback : poolCandidates;

    // Plan every synthesis of the batch, then run them as one mix call.
    List<StyleCodes> contentW = new ArrayList<>();
    List<NoiseMaps> contentNoise = new ArrayList<>();
    List<StyleCodes> exemplars = new ArrayList<>();
    List<Planned> planned = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      InputImage in = batch.get(i);
      FleetImage r = in.record();
      if (in.external() || !in.labelled()) {
        continue;
      }
      if (r.getSplit() == Split.TRAIN) {
        for (int k = 0; k < variants; k++) {
          StyleSampler.Candidate s = sampler.draw(r.getImageId(), r.getConditions(), k, candidates);
          if (s == null) {
            continue;
          }
          contentW.add(latents.styles(i));
          contentNoise.add(latents.noise(i));
          exemplars.add(s.codes());
          planned.add(new Planned(in, s, k, Split.TRAIN, r.getImageId() + "__v" + k));
        }
      } else if (r.getSplit() == Split.VAL) {
        int k = 0;
        for (Map.Entry<String, StyleSampler.Candidate> e : sampler.onePerBucket(r.getImageId(), candidates).entrySet()) {
          contentW.add(latents.styles(i));
          contentNoise.add(latents.noise(i));
          exemplars.add(e.getValue().codes());
          planned.add(new Planned(in, e.getValue(), k++, Split.VAL, r.getImageId() + "__proxy__" + e.getKey()));
        }
      }
    }
    long t2 = System.nanoTime();
    List<RgbImage> images = planned.isEmpty() ? List.of()
        : codec.mix(Latents.of(contentW, contentNoise), exemplars, mixPolicy);
    long t3 = System.nanoTime();
    for (StyleSampler.Candidate c : batchCandidates) {
      recent.addLast(c);
      if (recent.size() > RECENT_STYLES) {
        recent.removeFirst();
      }
    }
    return new Inferred(codes, planned, images, nowMs, t1 - t0, t3 - t2);
  }

  /**
   * Encodes a batch's synthesised images (PNG, spread over the cores) and builds its samples.
   * Thread-safe: it may run on another thread while {@link #infer} works on the next batch.
   */
  public Result finish(Inferred inferred) {
    AugmentedSample[] samples = new AugmentedSample[inferred.planned().size()];
    IntStream.range(0, samples.length).parallel()
        .forEach(j -> samples[j] = sample(inferred.planned().get(j), inferred.images().get(j), inferred.nowMs()));
    List<AugmentedSample> train = new ArrayList<>();
    List<AugmentedSample> proxy = new ArrayList<>();
    for (AugmentedSample s : samples) {
      (s.getSplit() == Split.VAL ? proxy : train).add(s);
    }
    return new Result(inferred.styleCodes(), train, proxy);
  }

  private AugmentedSample sample(Planned p, RgbImage image, long nowMs) {
    FleetImage c = p.content().record();
    byte[] png = Images.encodePng(image, pngLevel);
    byte[] label = p.content().labelPng();
    List<Integer> slotList = Arrays.stream(slots).boxed().toList();
    return AugmentedSample.newBuilder()
        .setSampleId(p.sampleId())
        .setContentId(c.getImageId())
        .setStyleId(p.style().styleId())
        .setVariant(p.variant())
        .setSplit(p.split())
        .setImage(Payloads.png(png, image.width(), image.height()))
        .setLabel(label == null ? null : Payloads.png(label, image.width(), image.height()))
        .setContentConditions(c.getConditions())
        .setStyleConditions(p.style().conditions())
        .setStyleOrigin(p.style().origin())
        .setCodecId(manifest.id())
        .setCodecVersion(manifest.version())
        .setMix(MixParams.newBuilder()
            .setStyleSlots(slotList)
            .setStrength(strength)
            .setSeed(mixPolicy.seed())
            .setPolicy(p.split() == Split.VAL ? "one-per-bucket" : sampler.policy().id())
            .build())
        .setCreatedTimeMs(java.time.Instant.ofEpochMilli(nowMs))
        .build();
  }

  private List<StyleSampler.Candidate> poolCandidates(Collection<PoolEntry> pool) {
    List<StyleSampler.Candidate> out = new ArrayList<>(pool.size());
    for (PoolEntry e : pool) {
      StyleCode s = e.getStyle();
      if (!manifest.id().equals(s.getCodecId())) {
        continue; // codes of another codec are not mixable with ours
      }
      try {
        out.add(new StyleSampler.Candidate("pool/" + e.getSlotId(), s.getImageId(), e.getBucket(),
            StyleCodeRecords.decode(s, manifest), s.getConditions(), s.getOrigin()));
      } catch (CodecException ex) {
        // a malformed pool entry (wrong L×D) is unusable; the curator rejects these, so skip it
        continue;
      }
    }
    return out;
  }

  private static String conditionBucket(FleetImage r) {
    String c = org.issastream.schemas.ConditionIds.of(r.getConditions());
    return c == null ? "unknown" : c;
  }
}
