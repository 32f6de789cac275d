package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Style-based synthesis network G(W+, n1, n2): a learned constant, blocks that double the
 * resolution with two modulated convolutions each, and skip toRGB layers (see {@link MiniArch}
 * for the slot layout).
 *
 * <p>Inputs: {@code w_plus [B,L,D]}, {@code n1, n2 [B,C,H/4,W/4]}. Output: {@code image
 * [B,3,H,W]}, nominally in [-1,1], not clamped.
 */
public final class Synthesis extends MiniBlock {
  private final MiniArch arch;
  private final Parameter constant;
  private final ModulatedConv2d baseConv;
  private final ModulatedConv2d baseRgb;
  private final List<ModulatedConv2d[]> blocks = new ArrayList<>();

  public Synthesis(MiniArch arch) {
    this.arch = arch;
    int[] ch = arch.synthChannels();
    int d = arch.styleDim();
    constant = param("const", new Shape(1, ch[0], arch.baseHeight(), arch.baseWidth()),
        new NormalInitializer(1f));
    baseConv = addChildBlock("base_conv", new ModulatedConv2d(ch[0], ch[0], 3, d, true, false));
    baseRgb = addChildBlock("base_rgb", new ModulatedConv2d(ch[0], 3, 1, d, false, false));
    for (int i = 1; i <= arch.blocks(); i++) {
      boolean noise = i == arch.noiseBlock();
      ModulatedConv2d c0 = addChildBlock("b" + i + "_conv0",
          new ModulatedConv2d(ch[i - 1], ch[i], 3, d, true, noise));
      ModulatedConv2d c1 = addChildBlock("b" + i + "_conv1",
          new ModulatedConv2d(ch[i], ch[i], 3, d, true, noise));
      ModulatedConv2d rgb = addChildBlock("b" + i + "_rgb",
          new ModulatedConv2d(ch[i], 3, 1, d, false, false));
      blocks.add(new ModulatedConv2d[] {c0, c1, rgb});
    }
  }

  public MiniArch arch() {
    return arch;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray wPlus = inputs.get(0);
    NDArray n1 = inputs.get(1);
    NDArray n2 = inputs.get(2);
    long b = wPlus.getShape().get(0);
    NDArray c = value(ps, constant, wPlus, training);
    NDArray x = c.repeat(0, b);
    x = Ops.lrelu(call(ps, baseConv, training, x, slot(wPlus, 0)));
    NDArray rgb = call(ps, baseRgb, training, x, slot(wPlus, 1));
    for (int i = 1; i <= blocks.size(); i++) {
      ModulatedConv2d[] blk = blocks.get(i - 1);
      x = Ops.up2(x);
      boolean noise = i == arch.noiseBlock();
      x = Ops.lrelu(noise
          ? call(ps, blk[0], training, x, slot(wPlus, 2 * i - 1), n1)
          : call(ps, blk[0], training, x, slot(wPlus, 2 * i - 1)));
      x = Ops.lrelu(noise
          ? call(ps, blk[1], training, x, slot(wPlus, 2 * i), n2)
          : call(ps, blk[1], training, x, slot(wPlus, 2 * i)));
      rgb = Ops.up2(rgb).add(call(ps, blk[2], training, x, slot(wPlus, 2 * i + 1)));
    }
    return new NDList(rgb);
  }

  private static NDArray slot(NDArray wPlus, int i) {
    return wPlus.get(":, {}, :", i);
  }

  private static NDArray call(ParameterStore ps, ModulatedConv2d layer, boolean training,
      NDArray... in) {
    return layer.forward(ps, new NDList(in), training).singletonOrThrow();
  }
}
