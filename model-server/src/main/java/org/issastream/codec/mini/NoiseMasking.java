package org.issastream.codec.mini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Training-time masking of predicted noise maps, as published for the masked noise encoder: each
 * noise map is cut into {@code patch x patch} patches; for every sample and every map a fresh set
 * of exactly {@code round(ratio * patches)} patches is replaced by N(0,1) noise; the image pixels
 * under a masked patch of any map are excluded from the reconstruction loss. Never used at
 * inference.
 */
public final class NoiseMasking {
  private final int mapHeight;
  private final int mapWidth;
  private final int patch;
  private final double ratio;
  private final int scale;

  /**
   * @param mapHeight noise map height (H/4)
   * @param mapWidth noise map width (W/4)
   * @param patch patch side in noise-map cells; must divide both map sides
   * @param ratio fraction of patches masked, in [0,1)
   * @param scale image pixels per noise cell (4)
   */
  public NoiseMasking(int mapHeight, int mapWidth, int patch, double ratio, int scale) {
    if (patch < 1 || mapHeight % patch != 0 || mapWidth % patch != 0) {
      throw new IllegalArgumentException("patch " + patch + " must divide " + mapHeight + "x"
          + mapWidth);
    }
    if (ratio < 0 || ratio >= 1) {
      throw new IllegalArgumentException("mask ratio must be in [0,1): " + ratio);
    }
    this.mapHeight = mapHeight;
    this.mapWidth = mapWidth;
    this.patch = patch;
    this.ratio = ratio;
    this.scale = scale;
  }

  public int patchesPerMap() {
    return (mapHeight / patch) * (mapWidth / patch);
  }

  public int maskedPerMap() {
    return (int) Math.round(ratio * patchesPerMap());
  }

  /**
   * Draws keep-masks (1 = keep, 0 = masked) for {@code maps} noise maps of {@code batch} samples.
   *
   * @return {@code keep[map][sample][row][col]} over the noise-map grid
   */
  public float[][][][] draw(int batch, int maps, Random rnd) {
    int ph = mapHeight / patch;
    int pw = mapWidth / patch;
    int n = ph * pw;
    int k = maskedPerMap();
    float[][][][] keep = new float[maps][batch][mapHeight][mapWidth];
    int[] idx = new int[n];
    for (int m = 0; m < maps; m++) {
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < n; i++) {
          idx[i] = i;
        }
        // partial Fisher-Yates: the first k entries are a uniform k-subset
        for (int i = 0; i < k; i++) {
          int j = i + rnd.nextInt(n - i);
          int t = idx[i];
          idx[i] = idx[j];
          idx[j] = t;
        }
        boolean[] masked = new boolean[n];
        for (int i = 0; i < k; i++) {
          masked[idx[i]] = true;
        }
        for (int r = 0; r < mapHeight; r++) {
          for (int c = 0; c < mapWidth; c++) {
            keep[m][b][r][c] = masked[(r / patch) * pw + c / patch] ? 0f : 1f;
          }
        }
      }
    }
    return keep;
  }

  /** One map's keep-mask as {@code [B,1,h,w]}. */
  public NDArray toArray(NDManager manager, float[][][] keep) {
    int b = keep.length;
    float[] flat = new float[b * mapHeight * mapWidth];
    int o = 0;
    for (float[][] s : keep) {
      for (float[] row : s) {
        System.arraycopy(row, 0, flat, o, mapWidth);
        o += mapWidth;
      }
    }
    return manager.create(flat, new Shape(b, 1, mapHeight, mapWidth));
  }

  /** Replaces masked cells of {@code noise [B,C,h,w]} by fresh N(0,1) values. */
  public static NDArray apply(NDArray noise, NDArray keep, NDManager manager) {
    NDArray fresh = manager.randomNormal(noise.getShape());
    return noise.mul(keep).add(fresh.mul(keep.neg().add(1f)));
  }

  /**
   * Pixel weights for the reconstruction loss, {@code [B,1,H,W]}: 0 under a masked patch of any
   * map, 1 elsewhere.
   */
  public NDArray pixelKeep(NDArray... keeps) {
    NDArray k = keeps[0];
    for (int i = 1; i < keeps.length; i++) {
      k = k.mul(keeps[i]);
    }
    return k.repeat(2, scale).repeat(3, scale);
  }
}
