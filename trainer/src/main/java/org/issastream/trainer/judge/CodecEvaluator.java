package org.issastream.trainer.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecImages;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.MixPolicy;
import org.issastream.synthdrive.Condition;
import org.issastream.synthdrive.Place;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.synthdrive.TrainId;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;
import org.issastream.trainer.nn.ImageSet;
import org.issastream.trainer.seg.ConfusionMatrix;

/**
 * Judges a codec on held-out content/style pairs ({@link EvalPairs}): reconstruction PSNR, the
 * oracle segmenter on real, reconstructed and mixed images (mixes scored against the content
 * label — layout kept — and against the style label — layout leak), and the condition classifier
 * on mixes (style taken / content kept).
 *
 * <p>Scenes are rendered at the codec's size (codecs smaller than SynthDrive's minimum get
 * resized renders); images are resized to the judges' size for judging, and labels are rendered
 * at the judges' size directly. Single-threaded
 * judging; the codec may use its own threads.
 */
public final class CodecEvaluator {
  /** Per-image PSNR is capped here, so an exact reconstruction gives a finite mean. */
  public static final double PSNR_CAP_DB = 100.0;

  /** What to evaluate. */
  public record Options(int pairs, long firstSeed, int batchSize, MixPolicy policy) {
    public Options {
      if (pairs < 1 || batchSize < 1) {
        throw new IllegalArgumentException("pairs and batch size must be >= 1");
      }
    }
  }

  /** Progress callback: pairs done so far. */
  @FunctionalInterface
  public interface Listener {
    void progress(int done, int total);
  }

  private final Judges judges;

  public CodecEvaluator(Judges judges) {
    this.judges = judges;
  }

  public CodecEvalReport evaluate(Codec codec, Options o, Listener listener)
      throws CodecException {
    long t0 = System.nanoTime();
    CodecManifest cm = codec.manifest();
    int jh = judges.height();
    int jw = judges.width();
    int numClasses = judges.segmenter().spec().numClasses();
    int numConditions = Condition.values().length;
    ConfusionMatrix real = new ConfusionMatrix(numClasses);
    ConfusionMatrix recon = new ConfusionMatrix(numClasses);
    ConfusionMatrix mixed = new ConfusionMatrix(numClasses);
    ConfusionMatrix mixedVsStyle = new ConfusionMatrix(numClasses);
    ConfusionMatrix realVsStyle = new ConfusionMatrix(numClasses);
    ConfusionMatrix mixCls = new ConfusionMatrix(numConditions);
    ConfusionMatrix realCls = new ConfusionMatrix(numConditions);
    long[] styleTaken = new long[numConditions];
    long[] contentKept = new long[numConditions];
    long[] perStyle = new long[numConditions];
    long reconKept = 0;
    double psnrSum = 0;
    EvalPairs pairs = new EvalPairs(o.firstSeed());

    for (int from = 0; from < o.pairs(); from += o.batchSize()) {
      int b = Math.min(o.batchSize(), o.pairs() - from);
      List<EvalPairs.Pair> batch = new ArrayList<>(b);
      List<RgbImage> contents = new ArrayList<>(b);
      List<RgbImage> styles = new ArrayList<>(b);
      List<LabelMap> contentLabels = new ArrayList<>(b);
      List<LabelMap> styleLabels = new ArrayList<>(b);
      for (int i = 0; i < b; i++) {
        EvalPairs.Pair p = pairs.pair(from + i);
        batch.add(p);
        contents.add(render(p.contentSeed(), p.contentCondition(), p.contentPlace(), cm, jw, jh));
        styles.add(render(p.styleSeed(), p.styleCondition(), p.stylePlace(), cm, jw, jh));
        contentLabels.add(SynthDrive.label(p.contentSeed(), jw, jh));
        styleLabels.add(SynthDrive.label(p.styleSeed(), jw, jh));
      }
      Latents contentLatents = codec.invert(contents);
      Latents styleLatents = codec.invert(styles);
      List<RgbImage> recons = codec.synthesize(contentLatents);
      List<RgbImage> mixes = codec.mix(contentLatents, styleLatents.styles(), o.policy());

      // judge-size images: [contents | styles | recons | mixes]
      ImageSet set = new ImageSet(jh, jw);
      for (List<RgbImage> group : List.of(contents, styles, recons, mixes)) {
        for (int i = 0; i < b; i++) {
          set.add(fit(group.get(i), jw, jh), null, 0);
        }
      }
      int[] all = new int[4 * b];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      int[][] seg = judges.segmenter().predict(set, all);
      int[] cls = judges.classifier().predict(set, all);
      for (int i = 0; i < b; i++) {
        EvalPairs.Pair p = batch.get(i);
        int[] cl = toInts(contentLabels.get(i));
        int[] sl = toInts(styleLabels.get(i));
        real.addPixels(cl, seg[i], ConfusionMatrix.IGNORE);
        realVsStyle.addPixels(sl, seg[i], ConfusionMatrix.IGNORE);
        recon.addPixels(cl, seg[2 * b + i], ConfusionMatrix.IGNORE);
        mixed.addPixels(cl, seg[3 * b + i], ConfusionMatrix.IGNORE);
        mixedVsStyle.addPixels(sl, seg[3 * b + i], ConfusionMatrix.IGNORE);

        int c = p.contentCondition().ordinal();
        int s = p.styleCondition().ordinal();
        realCls.add(c, cls[i]);
        realCls.add(s, cls[b + i]);
        if (cls[2 * b + i] == c) {
          reconKept++;
        }
        int mixPred = cls[3 * b + i];
        mixCls.add(s, mixPred);
        perStyle[s]++;
        if (mixPred == s) {
          styleTaken[s]++;
        }
        if (mixPred == c) {
          contentKept[s]++;
        }
        psnrSum += Math.min(PSNR_CAP_DB, CodecImages.psnr(recons.get(i), contents.get(i)));
      }
      if (listener != null) {
        listener.progress(from + b, o.pairs());
      }
    }

    int n = o.pairs();
    Map<String, Double> takenPer = new LinkedHashMap<>();
    Map<String, Double> keptPer = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    long takenAll = 0;
    long keptAll = 0;
    for (Condition c : Condition.values()) {
      names.add(c.id());
      int k = c.ordinal();
      takenAll += styleTaken[k];
      keptAll += contentKept[k];
      if (perStyle[k] > 0) {
        takenPer.put(c.id(), JudgeTrainer.round((double) styleTaken[k] / perStyle[k]));
        keptPer.put(c.id(), JudgeTrainer.round((double) contentKept[k] / perStyle[k]));
      }
    }
    long[][] confusion = new long[numConditions][];
    for (int r = 0; r < numConditions; r++) {
      confusion[r] = mixCls.row(r);
    }
    return new CodecEvalReport(cm.id() + ":" + cm.version(), judges.manifest().version(), n,
        o.firstSeed(), JudgeTrainer.round(psnrSum / n), JudgeTrainer.round(real.meanIou()),
        JudgeTrainer.round(recon.meanIou()), JudgeTrainer.round(mixed.meanIou()),
        JudgeTrainer.round(mixedVsStyle.meanIou()), JudgeTrainer.round(realVsStyle.meanIou()),
        JudgeTrainer.round((double) takenAll / n), JudgeTrainer.round((double) keptAll / n),
        takenPer, keptPer, JudgeTrainer.round(realCls.accuracy()),
        JudgeTrainer.round((double) reconKept / n), ious(real), ious(recon), ious(mixed), names,
        confusion, JudgeTrainer.round((System.nanoTime() - t0) / 1e9));
  }

  /**
   * A scene at the codec's size: rendered at that size when SynthDrive supports it, else rendered
   * at the judges' size and resized.
   */
  private static RgbImage render(long seed, Condition c, Place p, CodecManifest cm, int jw, int jh) {
    if (cm.height() >= SynthDrive.MIN_HEIGHT && cm.width() >= SynthDrive.MIN_HEIGHT) {
      return SynthDrive.render(seed, c, p, cm.width(), cm.height()).image();
    }
    return CodecImages.fit(SynthDrive.render(seed, c, p, jw, jh).image(), cm);
  }

  private static RgbImage fit(RgbImage img, int w, int h) {
    return img.width() == w && img.height() == h ? img : Images.fit(img, w, h);
  }

  private static int[] toInts(LabelMap l) {
    byte[] d = l.data();
    int[] r = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[i] & 0xff;
    }
    return r;
  }

  private static Map<String, Double> ious(ConfusionMatrix m) {
    Map<String, Double> r = new LinkedHashMap<>();
    for (int c = 0; c < m.numClasses(); c++) {
      double v = m.iou(c);
      if (!Double.isNaN(v)) {
        r.put(TrainId.name(c), JudgeTrainer.round(v));
      }
    }
    return r;
  }
}
