package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

/** Tensor helpers shared by the mini codec blocks, the losses and the tests. */
final class Ops {
  private static final float SQRT2 = (float) Math.sqrt(2.0);

  private Ops() {}

  /** StyleGAN-style activation: LeakyReLU(0.2) scaled by sqrt(2) to keep unit variance. */
  static NDArray lrelu(NDArray x) {
    return Activation.leakyRelu(x, 0.2f).mul(SQRT2);
  }

  /** 2-D convolution, NCHW, square kernel, "same" padding for odd kernels. */
  static NDArray conv(NDArray x, NDArray w, NDArray bias, int stride) {
    int k = (int) w.getShape().get(2);
    return Conv2d.conv2d(
            x, w, bias, new Shape(stride, stride), new Shape(k / 2, k / 2), new Shape(1, 1), 1)
        .singletonOrThrow();
  }

  /**
   * Mean over several axes (PyTorch's DJL binding supports {@code mean} over one axis only).
   */
  static NDArray mean(NDArray x, int[] axes, boolean keepDims) {
    long n = 1;
    for (int a : axes) {
      n *= x.getShape().get(a);
    }
    return x.sum(axes, keepDims).div(n);
  }

  /** Bilinear resize (align_corners=false) to {@code h x w}; differentiable. */
  static NDArray resize(NDArray x, long h, long w) {
    return x.getNDArrayInternal().interpolation(new long[] {h, w}, 1, false);
  }

  /** Bilinear x2 upsampling. */
  static NDArray up2(NDArray x) {
    Shape s = x.getShape();
    return resize(x, s.get(2) * 2, s.get(3) * 2);
  }

  /** 2x2 average pooling (x1/2 downsampling). */
  static NDArray down2(NDArray x) {
    return x.getNDArrayInternal()
        .avgPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
  }

  /**
   * Instance normalisation without affine terms: every channel of every sample gets zero mean and
   * unit variance over its spatial extent. Applied to predicted noise maps so that they match the
   * N(0,1) statistics of the noise used for masked patches (and cannot carry a global offset).
   */
  static NDArray instanceNorm(NDArray x, float eps) {
    NDArray mean = mean(x, new int[] {2, 3}, true);
    NDArray centred = x.sub(mean);
    NDArray var = mean(centred.square(), new int[] {2, 3}, true);
    return centred.mul(var.add(eps).pow(-0.5f));
  }
}
