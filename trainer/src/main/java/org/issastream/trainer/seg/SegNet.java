package org.issastream.trainer.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.issastream.trainer.nn.ConvBnRelu;

/**
 * A small encoder–decoder for semantic segmentation with additive skip connections (LinkNet
 * style).
 *
 * <p>Input {@code [B,3,H,W]} float images normalised to [-1,1] (H and W divisible by 8); output
 * {@code [B,numClasses,H,W]} logits. Encoder: two conv-BN-ReLU layers per level, three 2×
 * max-pool downsamplings, a bottleneck at H/8. Decoder: at each level one conv-BN-ReLU that
 * narrows the channels at the <em>coarse</em> resolution, nearest ×2 upsampling, and the sum with
 * the encoder feature of the finer level; one more conv at full resolution before the 1×1 head.
 * The skips keep thin structures (poles, sign posts) that a plain encoder–decoder loses at H/8;
 * convolving before upsampling and adding instead of concatenating makes the decoder ≈ 3.5×
 * cheaper than a U-Net decoder of the same widths (measured cost is what limits training here).
 *
 * <p>Widths are {@code base, 2·base, 4·base, 6·base}; at base 16 the net has ≈ 0.25 M parameters
 * and costs ≈ 0.15 GMAC per 64×128 image. Architecture parameters live in {@link Spec} so that
 * saved weights can be re-instantiated from a manifest.
 */
public final class SegNet extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Narrowest allowed layer (see {@link Spec}). */
  public static final int MIN_WIDTH = 16;

  /** Architecture: number of output classes and base width. */
  public record Spec(int numClasses, int baseWidth) {
    public Spec {
      // Measured on the bundled libtorch 2.7.1 CPU build (AMD EPYC, AVX-512): the input gradient
      // of a 3x3 convolution with 4 or 8 input channels is sporadically NaN (in some JVMs, most
      // steps), 16 and more were always finite; so the narrowest layer has 16 channels.
      if (numClasses < 2 || baseWidth < MIN_WIDTH) {
        throw new IllegalArgumentException("bad SegNet spec: " + numClasses + ", " + baseWidth);
      }
    }
  }

  private final Spec spec;
  private final ConvBnRelu e1a;
  private final ConvBnRelu e1b;
  private final ConvBnRelu e2a;
  private final ConvBnRelu e2b;
  private final ConvBnRelu e3a;
  private final ConvBnRelu e3b;
  private final ConvBnRelu mida;
  private final ConvBnRelu midb;
  private final ConvBnRelu d3;
  private final ConvBnRelu d2;
  private final ConvBnRelu d1;
  private final ConvBnRelu fuse;
  private final Conv2d head;

  public SegNet(Spec spec) {
    super(VERSION);
    this.spec = spec;
    int b = spec.baseWidth();
    e1a = addChildBlock("e1a", new ConvBnRelu(b, 1));
    e1b = addChildBlock("e1b", new ConvBnRelu(b, 1));
    e2a = addChildBlock("e2a", new ConvBnRelu(2 * b, 1));
    e2b = addChildBlock("e2b", new ConvBnRelu(2 * b, 1));
    e3a = addChildBlock("e3a", new ConvBnRelu(4 * b, 1));
    e3b = addChildBlock("e3b", new ConvBnRelu(4 * b, 1));
    mida = addChildBlock("mida", new ConvBnRelu(6 * b, 1));
    midb = addChildBlock("midb", new ConvBnRelu(6 * b, 1));
    d3 = addChildBlock("d3", new ConvBnRelu(4 * b, 1));
    d2 = addChildBlock("d2", new ConvBnRelu(2 * b, 1));
    d1 = addChildBlock("d1", new ConvBnRelu(b, 1));
    fuse = addChildBlock("fuse", new ConvBnRelu(b, 1));
    head = addChildBlock("head", Conv2d.builder()
        .setKernelShape(new Shape(1, 1))
        .setFilters(spec.numClasses())
        .build());
  }

  public Spec spec() {
    return spec;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray s1 = f(e1b, ps, f(e1a, ps, x, training), training);
    NDArray s2 = f(e2b, ps, f(e2a, ps, down(s1), training), training);
    NDArray s3 = f(e3b, ps, f(e3a, ps, down(s2), training), training);
    NDArray m = f(midb, ps, f(mida, ps, down(s3), training), training);
    NDArray u3 = up(f(d3, ps, m, training)).add(s3);
    NDArray u2 = up(f(d2, ps, u3, training)).add(s2);
    NDArray u1 = up(f(d1, ps, u2, training)).add(s1);
    return head.forward(ps, new NDList(f(fuse, ps, u1, training)), training);
  }

  private static NDArray f(ConvBnRelu block, ParameterStore ps, NDArray x, boolean training) {
    return block.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  static NDArray down(NDArray x) {
    return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  /** Nearest-neighbour ×2 upsampling of an NCHW array. */
  static NDArray up(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(b, c, h, 1, w, 1).broadcast(b, c, h, 2, w, 2).reshape(b, c, 2 * h, 2 * w);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), spec.numClasses(), in.get(2), in.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    long n = in.get(0);
    long h = in.get(2);
    long w = in.get(3);
    if (h % 8 != 0 || w % 8 != 0) {
      throw new IllegalArgumentException("SegNet needs H and W divisible by 8: " + in);
    }
    int b = spec.baseWidth();
    e1a.initialize(manager, dataType, in);
    e1b.initialize(manager, dataType, new Shape(n, b, h, w));
    e2a.initialize(manager, dataType, new Shape(n, b, h / 2, w / 2));
    e2b.initialize(manager, dataType, new Shape(n, 2 * b, h / 2, w / 2));
    e3a.initialize(manager, dataType, new Shape(n, 2 * b, h / 4, w / 4));
    e3b.initialize(manager, dataType, new Shape(n, 4 * b, h / 4, w / 4));
    mida.initialize(manager, dataType, new Shape(n, 4 * b, h / 8, w / 8));
    midb.initialize(manager, dataType, new Shape(n, 6 * b, h / 8, w / 8));
    d3.initialize(manager, dataType, new Shape(n, 6 * b, h / 8, w / 8));
    d2.initialize(manager, dataType, new Shape(n, 4 * b, h / 4, w / 4));
    d1.initialize(manager, dataType, new Shape(n, 2 * b, h / 2, w / 2));
    fuse.initialize(manager, dataType, new Shape(n, b, h, w));
    head.initialize(manager, dataType, new Shape(n, b, h, w));
  }
}
