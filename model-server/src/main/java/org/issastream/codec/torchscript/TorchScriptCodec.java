package org.issastream.codec.torchscript;

import ai.djl.Device;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
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
  /** The synthesis image is read as NHWC {@code [B,H,W,3]}: pixel order (see {@link TensorTranslator}). */
  static final List<int[]> SYNTHESIS_OUTPUT_AXES = java.util.Collections.singletonList(new int[] {0, 2, 3, 1});

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
    TensorInput x = TensorInput.channelsLast(b, 3, h, w, buf -> CodecImages.writeNhwc(images, h, w, manifest.normalisation(), buf));
    return run(encoder, List.of(x), out -> {
      List<int[]> noiseShapes = manifest.noiseShapes();
      if (out.size() != 1 + noiseShapes.size()) {
        throw new CodecMismatchException("encoder of " + manifest.id() + " returned " + out.size()
            + " tensors, the manifest expects w_plus and " + noiseShapes.size() + " noise maps");
      }
      int l = manifest.numStyles();
      int d = manifest.styleDim();
      expect("encoder output w_plus", out.get(0), b, l, d);
      List<FloatBuffer> noise = new ArrayList<>(noiseShapes.size());
      for (int k = 0; k < noiseShapes.size(); k++) {
        int[] s = noiseShapes.get(k);
        expect("encoder output noise " + k, out.get(1 + k), b, s[0], s[1], s[2]);
        noise.add(out.get(1 + k).data());
      }
      return Latents.fromBatch(b, l, d, out.get(0).data(), noiseShapes, noise);
    });
  }

  @Override
  public List<RgbImage> synthesize(Latents latents) throws CodecException {
    int h = manifest.height();
    int w = manifest.width();
    return synthesize(latents, nhwc -> CodecImages.fromNhwc(nhwc, latents.size(), h, w, manifest.normalisation()));
  }

  /** Synthesis without quantisation: the network's {@code [B,3,H,W]} float output, unclamped. */
  public float[] synthesizeTensor(Latents latents) throws CodecException {
    int plane = manifest.height() * manifest.width();
    return synthesize(latents, nhwc -> {
      float[] nchw = new float[nhwc.remaining()];
      for (int i = 0, n = nchw.length / 3; i < n; i++) {
        int base = (i / plane) * 3 * plane + i % plane;
        nchw[base] = nhwc.get(3 * i);
        nchw[base + plane] = nhwc.get(3 * i + 1);
        nchw[base + 2 * plane] = nhwc.get(3 * i + 2);
      }
      return nchw;
    });
  }

  /**
   * Runs the synthesis and hands its image to {@code read} as NHWC {@code [B,H,W,3]} values (a view
   * of libtorch's memory, valid during the call).
   */
  private <T> T synthesize(Latents latents, Function<FloatBuffer, T> read) throws CodecException {
    manifest.checkLatents(latents);
    int b = latents.size();
    int h = manifest.height();
    int w = manifest.width();
    if (b == 0) {
      return read.apply(FloatBuffer.allocate(0));
    }
    List<TensorInput> in = new ArrayList<>();
    in.add(TensorInput.of(new long[] {b, manifest.numStyles(), manifest.styleDim()}, buf -> {
      for (int i = 0; i < b; i++) {
        latents.styles(i).copyInto(buf);
      }
    }));
    List<int[]> noiseShapes = manifest.noiseShapes();
    for (int k = 0; k < noiseShapes.size(); k++) {
      int[] s = noiseShapes.get(k);
      int map = k;
      in.add(TensorInput.of(new long[] {b, s[0], s[1], s[2]}, buf -> {
        for (int i = 0; i < b; i++) {
          latents.noise(i).copyInto(map, buf);
        }
      }));
    }
    return run(synthesis, in, out -> {
      if (out.size() != 1) {
        throw new CodecMismatchException("synthesis of " + manifest.id() + " returned " + out.size() + " tensors, expected 1 image");
      }
      expect("synthesis output image", out.get(0), b, 3, h, w);
      return read.apply(out.get(0).data());
    });
  }

  private <T> T run(ScriptModule module, List<TensorInput> in, TensorOutput.Reader<T> reader) throws CodecException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new CodecException("codec " + manifest.id() + " is closed");
      }
      return module.forward(in, reader);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void expect(String what, TensorOutput t, long... shape) throws CodecMismatchException {
    if (!java.util.Arrays.equals(t.viewShape(), shape)) {
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
