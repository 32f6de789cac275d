package org.issastream.synthdrive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.issastream.synthdrive.image.Images;
import org.issastream.synthdrive.image.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * Conditions must be globally recognisable at 64×128, across layouts and places: even a
 * nearest-centroid classifier on a handful of global colour statistics tells them apart.
 */
class ConditionRecognitionTest {
  private static final int DIMS = 103;

  /** An 8×4 colour thumbnail plus contrast, edge energy, brightness, saturation, tint, percentiles. */
  static double[] features(RgbImage img) {
    double[] f = new double[DIMS];
    byte[] thumb = Images.resizeArea(img, 8, 4).data();
    for (int i = 0; i < 96; i++) {
      f[i] = (thumb[i] & 0xff) / 255.0;
    }
    byte[] d = img.data();
    int w = img.width();
    double m = img.mean();
    double var = 0;
    for (byte b : d) {
      double x = (b & 0xff) - m;
      var += x * x;
    }
    double hf = 0;
    for (int y = 0; y < img.height(); y++) {
      for (int x = 1; x < w; x++) {
        int a = (y * w + x) * 3;
        hf += Math.abs((d[a] & 0xff) - (d[a - 3] & 0xff));
      }
    }
    int n = d.length / 3;
    int[] hist = new int[256];
    double sat = 0;
    double tint = 0;
    for (int i = 0; i < n; i++) {
      int r = d[i * 3] & 0xff;
      int g = d[i * 3 + 1] & 0xff;
      int b = d[i * 3 + 2] & 0xff;
      int mx = Math.max(r, Math.max(g, b));
      int mn = Math.min(r, Math.min(g, b));
      sat += mx == 0 ? 0 : (mx - mn) / (double) mx;
      tint += (b - r) / 255.0;
      hist[(r * 3 + g * 6 + b) / 10]++;
    }
    int acc = 0;
    int p5 = -1;
    int p95 = -1;
    for (int k = 0; k < 256; k++) {
      acc += hist[k];
      if (p5 < 0 && acc >= n * 0.05) {
        p5 = k;
      }
      if (p95 < 0 && acc >= n * 0.95) {
        p95 = k;
      }
    }
    f[96] = Math.sqrt(var / d.length) / 64;
    f[97] = hf / d.length * 3 / 16;
    f[98] = m / 255;
    f[99] = sat / n * 2;
    f[100] = tint / n * 4;
    f[101] = p5 / 255.0 * 2;
    f[102] = p95 / 255.0 * 2;
    return f;
  }

  @Test
  void nearestCentroidOnGlobalStatisticsSeparatesConditions() {
    Condition[] cs = Condition.values();
    Place[] ps = Place.values();
    int per = 10;
    double[][] centroid = new double[cs.length][DIMS];
    for (int c = 0; c < cs.length; c++) {
      for (int k = 0; k < per; k++) {
        double[] f = features(SynthDrive.render(1000 + k * 7 + c, cs[c], ps[k % ps.length]).image());
        for (int j = 0; j < DIMS; j++) {
          centroid[c][j] += f[j] / per;
        }
      }
    }
    int correct = 0;
    int[][] confusion = new int[cs.length][cs.length];
    for (int c = 0; c < cs.length; c++) {
      for (int k = 0; k < per; k++) {
        double[] f = features(SynthDrive.render(5000 + k * 7 + c, cs[c], ps[(k + 1) % ps.length]).image());
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int q = 0; q < cs.length; q++) {
          double dd = 0;
          for (int j = 0; j < DIMS; j++) {
            dd += (f[j] - centroid[q][j]) * (f[j] - centroid[q][j]);
          }
          if (dd < bestD) {
            bestD = dd;
            best = q;
          }
        }
        confusion[c][best]++;
        correct += best == c ? 1 : 0;
      }
    }
    double accuracy = (double) correct / (cs.length * per);
    assertTrue(accuracy >= 0.8, "accuracy " + accuracy + ", confusion " + Arrays.deepToString(confusion));
  }
}
