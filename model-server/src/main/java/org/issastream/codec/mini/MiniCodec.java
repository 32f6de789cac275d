package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecImages;
import org.issastream.codec.CodecManifest;
import org.issastream.codec.Latents;
import org.issastream.codec.djl.NativeFloats;
import org.issastream.synthdrive.image.RgbImage;

/**
 * The built-in mini codec as a {@link Codec}: the DJL networks of {@link MiniCodecNetwork} in
 * inference mode. Calls are serialised by a lock (one network, one parameter store); the codec is
 * small enough that a worker wanting parallelism loads one instance per thread.
 */
public final class MiniCodec implements Codec {
  private final CodecManifest manifest;
  private final NDManager manager;
  private final MiniCodecNetwork net;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  MiniCodec(CodecManifest manifest, NDManager manager, MiniCodecNetwork net) {
    this.manifest = manifest;
    this.manager = manager;
    this.net = net;
  }

  @Override
  public CodecManifest manifest() {
    return manifest;
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
    int l = manifest.numStyles();
    int d = manifest.styleDim();
    List<int[]> shapes = manifest.noiseShapes();
    lock.lock();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      ensureOpen();
      NDList out = net.encode(net.manager().create(x, new Shape(b, h, w, 3)).transpose(0, 3, 1, 2), false);
      List<FloatBuffer> noise = new ArrayList<>();
      for (int k = 0; k < shapes.size(); k++) {
        noise.add(NativeFloats.view(out.get(1 + k)));
      }
      // copied out per sample while the arrays are still open
      return Latents.fromBatch(b, l, d, NativeFloats.view(out.get(0)), shapes, noise);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RgbImage> synthesize(Latents latents) throws CodecException {
    manifest.checkLatents(latents);
    int b = latents.size();
    if (b == 0) {
      return List.of();
    }
    int l = manifest.numStyles();
    int d = manifest.styleDim();
    float[] wPlus = new float[b * l * d];
    for (int i = 0; i < b; i++) {
      latents.styles(i).copyInto(wPlus, i * l * d);
    }
    List<int[]> shapes = manifest.noiseShapes();
    List<float[]> noise = new ArrayList<>();
    for (int k = 0; k < shapes.size(); k++) {
      int[] s = shapes.get(k);
      int n = s[0] * s[1] * s[2];
      float[] batch = new float[b * n];
      for (int i = 0; i < b; i++) {
        latents.noise(i).copyInto(k, batch, i * n);
      }
      noise.add(batch);
    }
    lock.lock();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      ensureOpen();
      NDManager m = net.manager();
      NDArray[] n = new NDArray[shapes.size()];
      for (int k = 0; k < n.length; k++) {
        int[] s = shapes.get(k);
        n[k] = m.create(noise.get(k), new Shape(b, s[0], s[1], s[2]));
      }
      NDArray img = net.synthesize(m.create(wPlus, new Shape(b, l, d)), n[0], n[1], false);
      // read as NHWC, the pixels' order: libtorch permutes in one copy, Java then unpacks linearly
      return CodecImages.fromNhwc(NativeFloats.view(img.transpose(0, 2, 3, 1)), b, manifest.height(), manifest.width(),
          manifest.normalisation());
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() throws CodecException {
    if (closed) {
      throw new CodecException("codec " + manifest.id() + " is closed");
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      net.close();
      manager.close();
    } finally {
      lock.unlock();
    }
  }
}
