package org.issastream.trainer.judge;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * How the judges (oracle segmenter and condition classifier) are trained. Built from a plain map;
 * every key has a default, so {@code new JudgeConfig(Map.of())} is the recipe of the shipped
 * judges.
 */
public final class JudgeConfig extends AbstractConfig {
  public static final String HEIGHT = "judges.image.height";
  public static final String TRAIN_IMAGES = "judges.train.images";
  public static final String HELD_OUT_IMAGES = "judges.heldout.images";
  public static final String SEED = "judges.seed";
  public static final String RENDER_THREADS = "judges.render.threads";
  public static final String BLUR_PROBABILITY = "judges.blur.probability";
  public static final String SEG_STEPS = "judges.seg.steps";
  public static final String SEG_BATCH = "judges.seg.batch.size";
  public static final String SEG_LR = "judges.seg.learning.rate";
  public static final String SEG_WIDTH = "judges.seg.base.width";
  public static final String CLS_STEPS = "judges.cls.steps";
  public static final String CLS_BATCH = "judges.cls.batch.size";
  public static final String CLS_LR = "judges.cls.learning.rate";
  public static final String CLS_WIDTH = "judges.cls.base.width";

  private static final ConfigDef DEF = new ConfigDef()
      .define(HEIGHT, Type.INT, 64, Range.between(32, 256), Importance.MEDIUM,
          "Image height of the judges (width is twice the height); divisible by 32.")
      .define(TRAIN_IMAGES, Type.INT, 2100, Range.atLeast(28), Importance.HIGH,
          "Number of SynthDrive training scenes (seeds from judges.seed; conditions and places "
              + "balanced in blocks of 28).")
      .define(HELD_OUT_IMAGES, Type.INT, 350, Range.atLeast(7), Importance.MEDIUM,
          "Number of held-out scenes (seeds from 2,900,000) used to report mIoU and accuracy.")
      .define(SEED, Type.LONG, JudgeData.TRAIN_SEED, Range.between(2_000_000L, 2_899_999L),
          Importance.LOW, "First layout seed of the training scenes (the judges' seed range).")
      .define(RENDER_THREADS, Type.INT, Math.max(1, Runtime.getRuntime().availableProcessors()),
          Range.atLeast(1), Importance.LOW, "Threads that render SynthDrive scenes.")
      .define(BLUR_PROBABILITY, Type.DOUBLE, 0.3, Range.between(0.0, 1.0), Importance.MEDIUM,
          "Probability that a training image is blurred (1-2 passes of a 3x3 binomial filter), "
              + "so the judges do not key on pixel sharpness that codecs do not reproduce.")
      .define(SEG_STEPS, Type.INT, 400, Range.atLeast(1), Importance.HIGH,
          "Training steps of the oracle segmenter.")
      .define(SEG_BATCH, Type.INT, 8, Range.atLeast(1), Importance.MEDIUM,
          "Batch size of the oracle segmenter.")
      .define(SEG_LR, Type.DOUBLE, 0.005, Range.between(1e-6, 1.0), Importance.MEDIUM,
          "Peak Adam learning rate of the oracle segmenter.")
      .define(SEG_WIDTH, Type.INT, 16, Range.between(16, 128), Importance.MEDIUM,
          "Base width of the segmenter (SegNet).")
      .define(CLS_STEPS, Type.INT, 100, Range.atLeast(1), Importance.HIGH,
          "Training steps of the condition classifier.")
      .define(CLS_BATCH, Type.INT, 32, Range.atLeast(1), Importance.MEDIUM,
          "Batch size of the condition classifier.")
      .define(CLS_LR, Type.DOUBLE, 0.003, Range.between(1e-6, 1.0), Importance.MEDIUM,
          "Peak Adam learning rate of the condition classifier.")
      .define(CLS_WIDTH, Type.INT, 16, Range.between(16, 128), Importance.MEDIUM,
          "Base width of the condition classifier (ConditionNet).");

  public JudgeConfig(Map<?, ?> props) {
    super(DEF, props, false);
    int h = getInt(HEIGHT);
    if (h % 32 != 0) {
      throw new org.apache.kafka.common.config.ConfigException(HEIGHT, h, "must be divisible by 32");
    }
  }

  public static ConfigDef configDef() {
    return DEF;
  }

  public int height() {
    return getInt(HEIGHT);
  }

  public int width() {
    return 2 * height();
  }
}
