package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * StyleGAN2's modulated convolution with optional weight demodulation, equalised learning rate
 * (weights stored N(0,1), scaled by 1/sqrt(fan-in) at run time).
 *
 * <p>Inputs: {@code x [B,Cin,H,W]}, {@code w [B,D]} (one W+ slot), optionally {@code noise
 * [B,Cout,H,W]} which is added (times a learned per-channel strength) to the convolution output
 * before the bias. Output: {@code [B,Cout,H,W]}, before activation.
 *
 * <p>Computed in the non-fused form {@code conv(x * s, W) * rsqrt(sum_i s_i^2 sum_k W_oik^2 + eps)},
 * which is exactly the per-sample grouped form (see {@link #grouped}) but ~1.6x faster on CPU.
 */
public final class ModulatedConv2d extends MiniBlock {
  static final float DEMOD_EPS = 1e-8f;

  private final int cin;
  private final int cout;
  private final int kernel;
  private final int styleDim;
  private final boolean demodulate;
  private final boolean withNoise;
  private final Parameter weight;
  private final Parameter affineWeight;
  private final Parameter affineBias;
  private final Parameter bias;
  private final Parameter noiseStrength;

  public ModulatedConv2d(int cin, int cout, int kernel, int styleDim, boolean demodulate,
      boolean withNoise) {
    this.cin = cin;
    this.cout = cout;
    this.kernel = kernel;
    this.styleDim = styleDim;
    this.demodulate = demodulate;
    this.withNoise = withNoise;
    // toRGB layers (no demodulation) start small: the image is the sum of all of them
    weight = param("weight", new Shape(cout, cin, kernel, kernel),
        new NormalInitializer(demodulate ? 1f : 0.3f));
    affineWeight = param("affine_weight", new Shape(cin, styleDim), new NormalInitializer(1f));
    affineBias = param("affine_bias", new Shape(cin), new ConstantInitializer(1f));
    bias = param("bias", new Shape(cout), new ConstantInitializer(0f));
    noiseStrength = withNoise
        ? param("noise_strength", new Shape(cout), new ConstantInitializer(1f))
        : null;
  }

  public int inChannels() {
    return cin;
  }

  public int outChannels() {
    return cout;
  }

  public boolean takesNoise() {
    return withNoise;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray w = inputs.get(1);
    NDArray s = styles(ps, w, training);
    NDArray wt = value(ps, weight, x, training).mul((float) (1.0 / Math.sqrt(cin * kernel * kernel)));
    NDArray y = fast(x, s, wt, demodulate);
    if (inputs.size() > 2) {
      if (!withNoise) {
        throw new IllegalArgumentException("this layer takes no noise");
      }
      NDArray strength = value(ps, noiseStrength, x, training).reshape(1, cout, 1, 1);
      y = y.add(inputs.get(2).mul(strength));
    }
    NDArray b = value(ps, bias, x, training).reshape(1, cout, 1, 1);
    return new NDList(y.add(b));
  }

  /** The per-input-channel modulation {@code s = A w / sqrt(D) + b}, shape [B,Cin]. */
  NDArray styles(ParameterStore ps, NDArray w, boolean training) {
    NDArray a = value(ps, affineWeight, w, training);
    NDArray ab = value(ps, affineBias, w, training);
    return w.matMul(a.transpose()).mul((float) (1.0 / Math.sqrt(styleDim))).add(ab);
  }

  /**
   * Non-fused modulated convolution.
   *
   * @param x input [B,Cin,H,W]
   * @param s modulation [B,Cin]
   * @param wt effective weight [Cout,Cin,k,k]
   */
  static NDArray fast(NDArray x, NDArray s, NDArray wt, boolean demodulate) {
    long b = x.getShape().get(0);
    long ci = x.getShape().get(1);
    long co = wt.getShape().get(0);
    NDArray y = Ops.conv(x.mul(s.reshape(b, ci, 1, 1)), wt, null, 1);
    if (!demodulate) {
      return y;
    }
    // sum_i s_i^2 * sum_k W_oik^2 as one [B,Cin] x [Cin,Cout] product
    NDArray wsq = wt.square().sum(new int[] {2, 3}).transpose();
    NDArray d = s.square().matMul(wsq).add(DEMOD_EPS).pow(-0.5f);
    return y.mul(d.reshape(b, co, 1, 1));
  }

  /**
   * Reference form: per-sample modulated and demodulated weights [B,Cout,Cin,k,k], applied as one
   * grouped convolution with groups = B. Used by tests to check {@link #fast}.
   */
  static NDArray grouped(NDArray x, NDArray s, NDArray wt, boolean demodulate) {
    Shape xs = x.getShape();
    long b = xs.get(0);
    long ci = xs.get(1);
    long co = wt.getShape().get(0);
    long k = wt.getShape().get(2);
    NDArray wm = wt.expandDims(0).mul(s.reshape(b, 1, ci, 1, 1));
    if (demodulate) {
      NDArray d = wm.square().sum(new int[] {2, 3, 4}, true).add(DEMOD_EPS).pow(-0.5f);
      wm = wm.mul(d);
    }
    NDArray y = Conv2d.conv2d(x.reshape(1, b * ci, xs.get(2), xs.get(3)),
            wm.reshape(b * co, ci, k, k), null, new Shape(1, 1), new Shape(k / 2, k / 2),
            new Shape(1, 1), (int) b)
        .singletonOrThrow();
    return y.reshape(b, co, xs.get(2), xs.get(3));
  }
}
