package org.issastream.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.issastream.codec.MixPolicy;
import org.issastream.synthdrive.SynthDrive;
import org.issastream.trainer.nn.ImageSet;
import org.issastream.trainer.seg.ConfusionMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation harness on codecs whose behaviour is known exactly, with the shipped judges:
 * the relations asserted here hold for any judges, the ranges for good ones.
 */
class CodecEvaluatorTest {
  static final int PAIRS = 21;
  static final long SEED = 9_500_000L;
  static Judges judges;

  @BeforeAll
  static void load() throws Exception {
    judges = Judges.loadBundled();
  }

  @AfterAll
  static void close() {
    judges.close();
  }

  @Test
  void contentPassThroughKeepsContentExactly() throws Exception {
    CodecEvalReport r;
    try (PassThroughCodec codec = new PassThroughCodec(PassThroughCodec.Mode.CONTENT,
        judges.height(), judges.width())) {
      r = new CodecEvaluator(judges).evaluate(codec,
          new CodecEvaluator.Options(PAIRS, SEED, 8, MixPolicy.defaults()), null);
    }
    assertEquals(PAIRS, r.pairs());
    assertEquals(CodecEvaluator.PSNR_CAP_DB, r.psnrDb(), 0);
    // the mix IS the content image: every segmentation number equals the real one
    assertEquals(r.miouReal(), r.miouRecon(), 0);
    assertEquals(r.miouReal(), r.miouMixed(), 0);
    assertEquals(r.miouRealVsStyle(), r.miouMixedVsStyle(), 0);
    assertEquals(r.iouReal(), r.iouMixed());
    // content_kept is exactly the classifier's accuracy on the real content images
    int correct = 0;
    ImageSet contents = new ImageSet(judges.height(), judges.width());
    EvalPairs pairs = new EvalPairs(SEED);
    for (int i = 0; i < PAIRS; i++) {
      EvalPairs.Pair p = pairs.pair(i);
      contents.add(SynthDrive.render(p.contentSeed(), p.contentCondition(), p.contentPlace(),
          judges.width(), judges.height()).image(), null, p.contentCondition().ordinal());
    }
    int[] idx = java.util.stream.IntStream.range(0, PAIRS).toArray();
    int[] pred = judges.classifier().predict(contents, idx);
    for (int i = 0; i < PAIRS; i++) {
      if (pred[i] == contents.tag(i)) {
        correct++;
      }
    }
    assertEquals(JudgeTrainer.round((double) correct / PAIRS), r.contentKept(), 1e-9);
    assertEquals(r.contentKept(), r.reconConditionKept(), 1e-9);
    assertTrue(r.styleTaken() + r.contentKept() <= 1.0 + 1e-9);
    // good judges: the content condition is recognised, the style's is not
    assertTrue(r.contentKept() >= 0.85, "content kept " + r.contentKept());
    assertTrue(r.styleTaken() <= 0.15, "style taken " + r.styleTaken());
    assertTrue(r.miouMixed() > r.miouMixedVsStyle() + 0.05, r.toTable());
    assertEquals(7, r.styleTakenPerCondition().size());
  }

  @Test
  void stylePassThroughTakesStyleAndLeaksItsLayout() throws Exception {
    CodecEvalReport r;
    try (PassThroughCodec codec = new PassThroughCodec(PassThroughCodec.Mode.STYLE,
        judges.height(), judges.width())) {
      r = new CodecEvaluator(judges).evaluate(codec,
          new CodecEvaluator.Options(PAIRS, SEED, 16, MixPolicy.defaults()), null);
    }
    // the mix IS the style image: scored against the style label it is as good as real
    assertEquals(r.miouReal(), r.miouRecon(), 0);
    assertTrue(r.miouMixedVsStyle() > r.miouMixed() + 0.05, r.toTable());
    assertTrue(r.styleTaken() >= 0.85, "style taken " + r.styleTaken());
    assertTrue(r.contentKept() <= 0.15, "content kept " + r.contentKept());
    long diagonal = 0;
    for (int c = 0; c < r.mixConfusion().length; c++) {
      diagonal += r.mixConfusion()[c][c];
    }
    assertEquals(JudgeTrainer.round((double) diagonal / PAIRS), r.styleTaken(), 1e-9);
    // JSON round trip keeps the numbers
    CodecEvalReport back = CodecEvalReport.parse(r.toJson());
    assertEquals(r.styleTaken(), back.styleTaken(), 0);
    assertEquals(r.styleTakenPerCondition(), back.styleTakenPerCondition());
  }

  @Test
  void evaluatesCodecsSmallerThanSynthDriveRenders() throws Exception {
    try (PassThroughCodec codec = new PassThroughCodec(PassThroughCodec.Mode.CONTENT, 16, 32)) {
      CodecEvalReport r = new CodecEvaluator(judges).evaluate(codec,
          new CodecEvaluator.Options(7, SEED, 7, MixPolicy.defaults()), null);
      assertEquals(CodecEvaluator.PSNR_CAP_DB, r.psnrDb(), 0);
      assertEquals(r.miouReal(), r.miouMixed(), 0);
    }
  }

  @Test
  void evaluatesCodecsOfAnotherSizeByResizing() throws Exception {
    try (PassThroughCodec codec = new PassThroughCodec(PassThroughCodec.Mode.CONTENT,
        2 * judges.height(), 2 * judges.width())) {
      CodecEvalReport r = new CodecEvaluator(judges).evaluate(codec,
          new CodecEvaluator.Options(7, SEED, 7, MixPolicy.defaults()), null);
      assertEquals(r.miouReal(), r.miouMixed(), 0);
      assertTrue(r.miouReal() > 0.5 * judges.manifest().heldOut().miou(),
          "oracle on area-downscaled renders " + r.miouReal());
    }
    assertEquals(ConfusionMatrix.IGNORE, 255);
  }
}
