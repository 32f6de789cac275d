package org.issastream.codec.torchscript;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecImages;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.CodecMismatchException;
import org.issastream.codec.Latents;
import org.issastream.synthdrive.image.RgbImage;

/**
 * A codec of two TorchScript modules under the ISSA Stream model contract:
 * <ul>
 *   <li>encoder: {@code image [B,3,H,W]} in the manifest's normalisation → {@code (w_plus [B,L,D],
 *       n_0 [B,C_0,H_0,W_0], ...)}
 *   <li>synthesis: {@code (w_plus, n_0, ...)} → {@code image [B,3,H,W]}
 * </ul>
 * Every output shape is checked against the manifest on every call. Thread-safe: each call borrows
 * its own predictor. {@link #close} waits for calls in flight.
 */
public final class TorchScriptCodec implements Codec {
  private final CodecManifest manifest;
  private final ScriptModule encoder;
  private final ScriptModule synthesis;
  private final Device device;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  TorchScriptCodec(CodecManifest manifest, ScriptModule encoder, ScriptModule synthesis, Device device) {
    this.manifest = manifest;
    this.encoder = encoder;
    this.synthesis = synthesis;
    this.device = device;
  }

  @Override
  public CodecManifest manifest() {
    return manifest;
  }

  /** The DJL device the modules run on. */
  public String device() {
    return device.toString();
  }

  @Override
  public Latents invert(List<RgbImage> images) throws CodecException {
    manifest.checkImages(images);
    int b = images.size();
    if (b == 0) {
      return Latents.of(List.of(), List.of());
    }
    int h = manifest.height();
    int w = manifest.width();
    // channels-last: the pixels' own order, and what oneDNN's convolutions take without reorders
    float[] x = CodecImages.toNhwc(images, h, w, manifest.normalisation());
    List<FloatTensor> out = run(encoder, List.of(FloatTensor.channelsLast(x, b, 3, h, w)));
    List<int[]> noiseShapes = manifest.noiseShapes();
    if (out.size() != 1 + noiseShapes.size()) {
      throw new CodecMismatchException("encoder of " + manifest.id() + " returned " + out.size()
          + " tensors, the manifest expects w_plus and " + noiseShapes.size() + " noise maps");
    }
    int l = manifest.numStyles();
    int d = manifest.styleDim();
    expect("encoder output w_plus", out.get(0), b, l, d);
    List<float[]> noiseBatches = new ArrayList<>(noiseShapes.size());
    for (int k = 0; k < noiseShapes.size(); k++) {
      int[] s = noiseShapes.get(k);
      expect("encoder output noise " + k, out.get(1 + k), b, s[0], s[1], s[2]);
      noiseBatches.add(out.get(1 + k).data());
    }
    float[] wPlus = out.get(0).data();
    return Latents.fromBatch(b, l, d, wPlus, noiseShapes, noiseBatches);
  }

  @Override
  public List<RgbImage> synthesize(Latents latents) throws CodecException {
    float[] nchw = synthesizeTensor(latents);
    return CodecImages.fromNchw(nchw, latents.size(), manifest.height(), manifest.width(), manifest.normalisation());
  }

  /** Synthesis without quantisation: the network's {@code [B,3,H,W]} float output, unclamped. */
  public float[] synthesizeTensor(Latents latents) throws CodecException {
    manifest.checkLatents(latents);
    int b = latents.size();
    if (b == 0) {
      return new float[0];
    }
    int l = manifest.numStyles();
    int d = manifest.styleDim();
    List<FloatTensor> in = new ArrayList<>();
    float[] wPlus = new float[b * l * d];
    for (int i = 0; i < b; i++) {
      latents.styles(i).copyInto(wPlus, i * l * d);
    }
    in.add(new FloatTensor(wPlus, new long[] {b, l, d}));
    List<int[]> noiseShapes = manifest.noiseShapes();
    for (int k = 0; k < noiseShapes.size(); k++) {
      int[] s = noiseShapes.get(k);
      int n = s[0] * s[1] * s[2];
      float[] batch = new float[b * n];
      for (int i = 0; i < b; i++) {
        latents.noise(i).copyInto(k, batch, i * n);
      }
      in.add(new FloatTensor(batch, new long[] {b, s[0], s[1], s[2]}));
    }
    List<FloatTensor> out = run(synthesis, in);
    if (out.size() != 1) {
      throw new CodecMismatchException("synthesis of " + manifest.id() + " returned " + out.size() + " tensors, expected 1 image");
    }
    int h = manifest.height();
    int w = manifest.width();
    expect("synthesis output image", out.get(0), b, 3, h, w);
    return out.get(0).data();
  }

  private List<FloatTensor> run(ScriptModule module, List<FloatTensor> in) throws CodecException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new CodecException("codec " + manifest.id() + " is closed");
      }
      return module.forward(in);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void expect(String what, FloatTensor t, long... shape) throws CodecMismatchException {
    if (!java.util.Arrays.equals(t.shape(), shape)) {
      throw new CodecMismatchException(what + " of codec " + manifest.id() + " has shape " + t.shapeText()
          + " but the manifest implies " + java.util.Arrays.toString(shape).replace(" ", ""));
    }
  }

  /** Predictors created (encoder, synthesis): at most the peak number of concurrent callers each. */
  public int[] predictorCounts() {
    return new int[] {encoder.predictors(), synthesis.predictors()};
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        encoder.close();
      } finally {
        synthesis.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "TorchScriptCodec[" + manifest + " on " + device + "]";
  }
}
