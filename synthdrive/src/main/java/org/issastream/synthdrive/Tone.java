package org.issastream.synthdrive;

/**
 * Tables for the two transcendental functions on the per-pixel path, built once with
 * {@link StrictMath} (so identical everywhere) and read with linear interpolation.
 */
final class Tone {
  private static final int N = 4096;
  private static final double EXP_MAX = 16;
  private static final double[] EXP = new double[N + 2];
  private static final double DISP_MAX = 8;
  private static final double[] DISP = new double[N + 2];

  static {
    for (int i = 0; i <= N + 1; i++) {
      EXP[i] = StrictMath.exp(-EXP_MAX * i / N);
      double q = (double) i / N;
      double x = q * q * DISP_MAX; // quadratic spacing: dense where the gamma curve is steep
      double tm = 1 - StrictMath.exp(-x * 1.6); // soft shoulder
      DISP[i] = tm <= 0.0031308 ? tm * 12.92 : 1.055 * StrictMath.pow(tm, 1 / 2.4) - 0.055;
    }
  }

  private Tone() {}

  /** exp(-x) for x >= 0. */
  static double expNeg(double x) {
    if (x <= 0) {
      return 1;
    }
    if (x >= EXP_MAX) {
      return 0;
    }
    double p = x / EXP_MAX * N;
    int i = (int) p;
    double f = p - i;
    return EXP[i] + (EXP[i + 1] - EXP[i]) * f;
  }

  /** Linear radiance to display value in [0, 1]: soft-shoulder tone curve, then the sRGB curve. */
  static double display(double lin) {
    if (lin <= 0) {
      return 0;
    }
    if (lin >= DISP_MAX) {
      return DISP[N];
    }
    double p = Math.sqrt(lin / DISP_MAX) * N;
    int i = (int) p;
    double f = p - i;
    return DISP[i] + (DISP[i + 1] - DISP[i]) * f;
  }
}
