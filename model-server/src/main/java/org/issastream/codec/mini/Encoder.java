package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Masked-noise encoder E(x) -> (W+, n1, n2): a small convolutional backbone with a feature
 * pyramid (1/4, 1/8, 1/16), coarse / medium / fine W+ heads on the 1/16 / 1/8 / 1/4 levels
 * (strided 3x3 convolutions with LeakyReLU(0.01), then a linear layer), and two noise heads on the
 * 1/4 level (1x1 convolutions ending in LeakyReLU(0.01)). Each predicted noise channel is
 * instance-normalised over its spatial extent.
 *
 * <p>Input: {@code image [B,3,H,W]} in [-1,1]. Outputs: {@code w_plus [B,L,D]}, {@code n1, n2
 * [B,C,H/4,W/4]}.
 */
public final class Encoder extends MiniBlock {
  static final float HEAD_SLOPE = 0.01f;
  static final float NOISE_NORM_EPS = 1e-5f;

  private final MiniArch arch;
  private final EqConv stem;
  private final List<EqConv[]> stages = new ArrayList<>();
  private final EqConv[] lateral = new EqConv[3];
  private final EqConv[] smooth = new EqConv[3];
  private final List<List<EqConv>> styleHeads = new ArrayList<>();
  private final List<EqConv[]> noiseHeads = new ArrayList<>();

  public Encoder(MiniArch arch) {
    this.arch = arch;
    int[] ec = arch.encChannels();
    int f = arch.fpnChannels();
    stem = addChildBlock("stem", new EqConv(3, ec[0], 3, 1));
    // stage 1 (1/2) is a single strided conv: at 32x64 a second conv would cost more than
    // the whole 1/8 and 1/16 stages together
    for (int i = 1; i < 5; i++) {
      stages.add(i == 1
          ? new EqConv[] {addChildBlock("s1_down", new EqConv(ec[0], ec[1], 3, 2))}
          : new EqConv[] {
              addChildBlock("s" + i + "_down", new EqConv(ec[i - 1], ec[i], 3, 2)),
              addChildBlock("s" + i + "_conv", new EqConv(ec[i], ec[i], 3, 1))});
    }
    // pyramid levels 0,1,2 = 1/4, 1/8, 1/16 = stage outputs 2,3,4
    for (int l = 0; l < 3; l++) {
      lateral[l] = addChildBlock("lat" + l, new EqConv(ec[l + 2], f, 1, 1));
      smooth[l] = addChildBlock("smooth" + l, new EqConv(f, f, 3, 1));
    }
    int[] slots = {arch.coarseSlots(), arch.mediumSlots(), arch.fineSlots()};
    int[] level = {2, 1, 0};
    String[] names = {"coarse", "medium", "fine"};
    for (int h = 0; h < 3; h++) {
      List<EqConv> head = new ArrayList<>();
      // downsample until the map is 1 x 2 (for 2:1 images)
      int size = (arch.height() / 4) >> level[h];
      int c = f;
      int j = 0;
      while (size > 1) {
        int co = Math.min(2 * c, 2 * f);
        head.add(addChildBlock(names[h] + "_conv" + j++, new EqConv(c, co, 3, 2)));
        c = co;
        size /= 2;
      }
      head.add(addChildBlock(names[h] + "_fc",
          EqConv.linear(c * 2, slots[h] * arch.styleDim())));
      styleHeads.add(head);
    }
    int nc = arch.noiseChannels();
    for (int k = 1; k <= 2; k++) {
      noiseHeads.add(new EqConv[] {
          addChildBlock("noise" + k + "_a", new EqConv(f, f, 1, 1)),
          addChildBlock("noise" + k + "_b", new EqConv(f, nc, 1, 1))});
    }
  }

  public MiniArch arch() {
    return arch;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = Ops.lrelu(stem.apply(ps, inputs.singletonOrThrow(), training));
    NDArray[] feats = new NDArray[5];
    feats[0] = x;
    for (int i = 1; i < 5; i++) {
      EqConv[] st = stages.get(i - 1);
      for (EqConv c : st) {
        x = Ops.lrelu(c.apply(ps, x, training));
      }
      feats[i] = x;
    }
    NDArray[] pyr = new NDArray[3];
    NDArray top = lateral[2].apply(ps, feats[4], training);
    pyr[2] = smooth[2].apply(ps, top, training);
    for (int l = 1; l >= 0; l--) {
      top = lateral[l].apply(ps, feats[l + 2], training).add(Ops.up2(top));
      pyr[l] = smooth[l].apply(ps, top, training);
    }
    long b = x.getShape().get(0);
    int[] level = {2, 1, 0};
    NDList wParts = new NDList();
    for (int h = 0; h < 3; h++) {
      NDArray y = pyr[level[h]];
      List<EqConv> head = styleHeads.get(h);
      for (int j = 0; j < head.size() - 1; j++) {
        y = Activation.leakyRelu(head.get(j).apply(ps, y, training), HEAD_SLOPE);
      }
      y = head.get(head.size() - 1).apply(ps, y.reshape(b, -1), training);
      wParts.add(y.reshape(b, -1, arch.styleDim()));
    }
    NDArray wPlus = wParts.get(0).concat(wParts.get(1), 1).concat(wParts.get(2), 1);
    NDList out = new NDList(wPlus);
    for (EqConv[] nh : noiseHeads) {
      NDArray n = Ops.lrelu(nh[0].apply(ps, pyr[0], training));
      n = Activation.leakyRelu(nh[1].apply(ps, n, training), HEAD_SLOPE);
      out.add(Ops.instanceNorm(n, NOISE_NORM_EPS));
    }
    return out;
  }
}
