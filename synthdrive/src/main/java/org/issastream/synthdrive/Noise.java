package org.issastream.synthdrive;

/**
 * Integer-hash value noise. Pure functions of their arguments: only integer arithmetic, IEEE
 * double + - * / and {@link Math#floor}, which Java (17+, strict floating point) evaluates
 * identically on every platform.
 */
final class Noise {
  private Noise() {}

  static int hash(int a, int b, int c, int seed) {
    int h = seed * 0x27d4eb2d ^ a * 0x165667b1;
    h = Integer.rotateLeft(h ^ b * 0x61c88647, 13) * 0x5bd1e995;
    h ^= c * 0x7feb352d;
    h ^= h >>> 15;
    h *= 0x2c1b3c6d;
    h ^= h >>> 12;
    h *= 0x297a2d39;
    h ^= h >>> 15;
    return h;
  }

  /** Uniform in [0, 1). */
  static double h01(int a, int b, int c, int seed) {
    return (hash(a, b, c, seed) >>> 8) * 0x1.0p-24;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  /** 2D value noise in [0, 1). */
  static double value(double x, double y, int seed) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    int ix = (int) fx;
    int iy = (int) fy;
    double tx = smooth(x - fx);
    double ty = smooth(y - fy);
    double a = h01(ix, iy, 0, seed);
    double b = h01(ix + 1, iy, 0, seed);
    double c = h01(ix, iy + 1, 0, seed);
    double d = h01(ix + 1, iy + 1, 0, seed);
    double top = a + (b - a) * tx;
    double bot = c + (d - c) * tx;
    return top + (bot - top) * ty;
  }

  /** 3D value noise in [0, 1). */
  static double value3(double x, double y, double z, int seed) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    double fz = Math.floor(z);
    int ix = (int) fx;
    int iy = (int) fy;
    int iz = (int) fz;
    double tx = smooth(x - fx);
    double ty = smooth(y - fy);
    double tz = smooth(z - fz);
    double r0;
    double r1;
    {
      double a = h01(ix, iy, iz, seed);
      double b = h01(ix + 1, iy, iz, seed);
      double c = h01(ix, iy + 1, iz, seed);
      double d = h01(ix + 1, iy + 1, iz, seed);
      double top = a + (b - a) * tx;
      double bot = c + (d - c) * tx;
      r0 = top + (bot - top) * ty;
    }
    {
      double a = h01(ix, iy, iz + 1, seed);
      double b = h01(ix + 1, iy, iz + 1, seed);
      double c = h01(ix, iy + 1, iz + 1, seed);
      double d = h01(ix + 1, iy + 1, iz + 1, seed);
      double top = a + (b - a) * tx;
      double bot = c + (d - c) * tx;
      r1 = top + (bot - top) * ty;
    }
    return r0 + (r1 - r0) * tz;
  }

  /** Fractal sum of {@code octaves} octaves of 2D value noise, normalised to [0, 1). */
  static double fbm(double x, double y, int seed, int octaves) {
    double sum = 0;
    double amp = 1;
    double norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += amp * value(x, y, seed + o * 1013);
      norm += amp;
      amp *= 0.5;
      x *= 2.03;
      y *= 2.03;
    }
    return sum / norm;
  }

  /** Fractal sum of 3D value noise, normalised to [0, 1). */
  static double fbm3(double x, double y, double z, int seed, int octaves) {
    double sum = 0;
    double amp = 1;
    double norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += amp * value3(x, y, z, seed + o * 1013);
      norm += amp;
      amp *= 0.5;
      x *= 2.03;
      y *= 2.03;
      z *= 2.03;
    }
    return sum / norm;
  }
}
