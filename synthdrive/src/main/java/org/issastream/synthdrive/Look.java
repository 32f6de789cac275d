package org.issastream.synthdrive;

/**
 * Appearance parameters: per-place palettes (albedo, linear RGB) and per-condition light, sky,
 * atmosphere and weather. Immutable.
 */
final class Look {
  private Look() {}

  static double[] lin(int srgb) {
    return new double[] {toLin((srgb >> 16) & 0xff), toLin((srgb >> 8) & 0xff), toLin(srgb & 0xff)};
  }

  private static double toLin(int c) {
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : StrictMath.pow((v + 0.055) / 1.055, 2.4);
  }

  static double[][] lins(int... c) {
    double[][] out = new double[c.length][];
    for (int i = 0; i < c.length; i++) {
      out[i] = lin(c[i]);
    }
    return out;
  }

  /** Regional palette. */
  static final class Palette {
    double[] road;
    double roadVar;
    boolean cobbles;
    double[] mark;
    double[] centre;
    double[] sidewalk;
    double paver;       // sidewalk joint spacing, m
    double[] curb;
    double[] terrain;
    double[] terrainDry;
    double[][] facades;
    double[] glass;
    double[] frame;
    double[] door;
    double corniceTint;
    double[][] leaves;
    double[] trunk;
    double[] hedge;
    double[] wall;
    double[] fence;
    double[] metal;
    double[] plate;
    double[] lampNight;
    double[][] awnings;
    double[] far;
  }

  static final double[][] CAR_PAINTS = lins(0xe8e8e6, 0x151617, 0xa4a7ab, 0x5b5f63, 0x1d2f5a, 0x8f1b1b,
      0x23402c, 0xc9bfa5, 0xf2f2f0, 0x2a2b2d, 0x7b8a99, 0x3a6fb0);
  static final double[][] HOOD_PAINTS = lins(0x1a1b1e, 0x2c2f33, 0x1d2840, 0x5d6166, 0x3a3d40);
  static final double[][] CLOTHES = lins(0x1d2a44, 0x8a1f25, 0x2f2f32, 0xc6b79a, 0x3f6e3a, 0xd9d6cf, 0x6b4c9a,
      0xe0a12b, 0x2a6fa8, 0x101010, 0x9a5b3c);
  static final double[][] TROUSERS = lins(0x23324f, 0x151515, 0x5a4e3c, 0x3b3b40, 0x6d6a61);
  static final double[][] SKIN = lins(0xe0b89a, 0xc08a66, 0x8d5a3c, 0x5a3825, 0xf0c8a8);
  static final double[][] HAIR = lins(0x1a120d, 0x3b2617, 0x6b4a2b, 0xb08a55, 0x909090);

  static final double[][] BUS_PAINTS = lins(0xd8c020, 0xc8281e, 0x2a5aa8, 0xe8e8e4);
  static final double[][] TRUCK_PAINTS = lins(0xe8e8e4, 0x2a4a8a, 0xb02020, 0x1a1a1a);

  private static final Palette[] PALETTES = new Palette[Place.values().length];

  static {
    for (Place pl : Place.values()) {
      PALETTES[pl.ordinal()] = build(pl);
    }
  }

  /** The palette of a place (shared, never modified). */
  static Palette palette(Place place) {
    return PALETTES[place.ordinal()];
  }

  private static Palette build(Place place) {
    Palette p = new Palette();
    switch (place) {
      case BRICKFORD -> {
        p.road = lin(0x4a4a4c);
        p.roadVar = 0.22;
        p.mark = lin(0xe6e6e0);
        p.centre = lin(0xe6e6e0);
        p.sidewalk = lin(0x8d8a86);
        p.paver = 0.3;
        p.curb = lin(0x9a9894);
        p.terrain = lin(0x4f7a32);
        p.terrainDry = lin(0x6b6a3a);
        p.facades = lins(0x7d4536, 0x8a5040, 0x6e4636, 0x9a6048, 0x5e3a30, 0xb0a090, 0x8c7a6a, 0x74382c);
        p.glass = lin(0x1e2a33);
        p.frame = lin(0xe4e2dc);
        p.door = lin(0x1f2d3d);
        p.corniceTint = 1.35;
        p.leaves = lins(0x2e5a1f, 0x3d6b25, 0x28501e);
        p.trunk = lin(0x3b3028);
        p.hedge = lin(0x2c4f1e);
        p.wall = lin(0x7b4a36);
        p.fence = lin(0x1a1c1a);
        p.metal = lin(0x3a3d3f);
        p.plate = lin(0xe8c82a);
        p.lampNight = new double[] {1.0, 0.55, 0.18};
        p.awnings = lins(0x2c4a2a, 0x7a1f1f, 0x1f2f4f, 0x504030);
        p.far = lin(0x5a4e4a);
      }
      case SOLMARA -> {
        p.road = lin(0x77726b);
        p.roadVar = 0.16;
        p.mark = lin(0xf2f0e8);
        p.centre = lin(0xf2f0e8);
        p.sidewalk = lin(0xc9b99a);
        p.paver = 0.6;
        p.curb = lin(0xdcd5c6);
        p.terrain = lin(0x9c8a4e);
        p.terrainDry = lin(0xb59e64);
        p.facades = lins(0xeadfc8, 0xe2c48a, 0xd38b5d, 0xf3efe6, 0xcfa56a, 0xe8d6b0, 0xc7765a);
        p.glass = lin(0x2a2a2a);
        p.frame = lin(0x2f5d46);
        p.door = lin(0x5a3a22);
        p.corniceTint = 0.85;
        p.leaves = lins(0x5b6b3a, 0x6e7a44, 0x4c5c33);
        p.trunk = lin(0x6a5a48);
        p.hedge = lin(0x56683a);
        p.wall = lin(0xd9c9a6);
        p.fence = lin(0x2b2b2b);
        p.metal = lin(0x2b3a30);
        p.plate = lin(0xf0f0ee);
        p.lampNight = new double[] {1.0, 0.6, 0.22};
        p.awnings = lins(0xc24a2a, 0x2a6a8a, 0xd9b23a, 0x3a7a4a);
        p.far = lin(0xb3a58e);
      }
      case GLASSPORT -> {
        p.road = lin(0x2f3032);
        p.roadVar = 0.2;
        p.mark = lin(0xf0f0f0);
        p.centre = lin(0xf2c21a);
        p.sidewalk = lin(0xb4b2ad);
        p.paver = 1.5;
        p.curb = lin(0xc2c0bb);
        p.terrain = lin(0x5f9a3c);
        p.terrainDry = lin(0x7a9a4a);
        p.facades = lins(0x9da3a8, 0x5f7f9a, 0xc9c2b3, 0x7d8288, 0x3e5a72, 0xb0aa9c, 0x8c5e48);
        p.glass = lin(0x24384a);
        p.frame = lin(0x3a3d40);
        p.door = lin(0x2a2c2e);
        p.corniceTint = 0.8;
        p.leaves = lins(0x3f7a2a, 0x4d8a30, 0x356a24);
        p.trunk = lin(0x4a3c30);
        p.hedge = lin(0x3c6e28);
        p.wall = lin(0xa8a6a0);
        p.fence = lin(0x5a5c5e);
        p.metal = lin(0x6a6d70);
        p.plate = lin(0xf2f2f2);
        p.lampNight = new double[] {0.85, 0.9, 1.0};
        p.awnings = lins(0x1f1f1f, 0x6a2a2a, 0x2a4a6a, 0x8a8a8a);
        p.far = lin(0x6c7580);
      }
      default -> { // ALTBERG
        p.road = lin(0x5d5a57);
        p.roadVar = 0.3;
        p.cobbles = true;
        p.mark = lin(0xe8e8e2);
        p.centre = lin(0xe8e8e2);
        p.sidewalk = lin(0x9a6a58);
        p.paver = 0.45;
        p.curb = lin(0x8a8a88);
        p.terrain = lin(0x3f6a2c);
        p.terrainDry = lin(0x5c6e34);
        p.facades = lins(0xb8d6c4, 0xf0c9c0, 0xf2e2a4, 0xbcd0e6, 0xf4efe2, 0xe6b98e, 0xd8c6e0);
        p.glass = lin(0x202528);
        p.frame = lin(0x6a4a2a);
        p.door = lin(0x4a2e1c);
        p.corniceTint = 0.72;
        p.leaves = lins(0x1f4a26, 0x2a5a2c, 0x183d20);
        p.trunk = lin(0x3a2e26);
        p.hedge = lin(0x234a22);
        p.wall = lin(0x8c8780);
        p.fence = lin(0x4a3626);
        p.metal = lin(0x1f2a22);
        p.plate = lin(0xf2f2f2);
        p.lampNight = new double[] {1.0, 0.78, 0.45};
        p.awnings = lins(0x7a2a2a, 0x2a5a3a, 0xa07a2a, 0x3a3a6a);
        p.far = lin(0x6a6a66);
      }
    }
    return p;
  }

  /** Light, sky and weather of one condition (with small per-scene jitter). */
  static final class Atmos {
    double[] sunDir = {0, 1, 0};
    double[] sun = {0, 0, 0};
    double[] ambient;
    double[] skyTop;
    double[] skyHorizon;
    double[] fog;
    double fogDist;
    double cloudCover;
    double[] cloud;
    double exposure;
    double wet;
    double snow;
    boolean lights;
    double litFrac;
    double lampI;
    int rainStreaks;
    int flakes;
    double noise;
    double saturation = 1;
    double vignette = 0.2;
  }

  static Atmos atmos(Condition c, Layout l) {
    Atmos a = new Atmos();
    double az = Math.signum(l.sunAz + 1e-9) * (0.6 + 1.9 * Math.abs(l.sunAz));
    switch (c) {
      case CLEAR -> {
        sun(a, az, 0.45 + 0.55 * frac(l.skySeed, 2), new double[] {1.0, 0.93, 0.82}, 2.7 + 0.7 * frac(l.skySeed, 3));
        a.ambient = new double[] {0.34, 0.42, 0.58};
        a.skyTop = new double[] {0.10, 0.24, 0.62};
        a.skyHorizon = new double[] {0.50, 0.64, 0.85};
        a.fog = new double[] {0.55, 0.65, 0.82};
        a.fogDist = 650;
        a.cloudCover = 0.25;
        a.cloud = new double[] {0.95, 0.95, 0.95};
        a.exposure = 1.15;
        a.noise = 1.2;
        a.saturation = 1.04;
      }
      case OVERCAST -> {
        a.ambient = new double[] {0.78, 0.8, 0.84};
        a.skyTop = new double[] {0.42, 0.44, 0.48};
        a.skyHorizon = new double[] {0.62, 0.63, 0.65};
        a.fog = new double[] {0.55, 0.56, 0.58};
        a.fogDist = 380;
        a.cloudCover = 1.0;
        a.cloud = new double[] {0.5, 0.51, 0.54};
        a.exposure = 1.05;
        a.noise = 1.5;
        a.saturation = 0.72;
      }
      case FOG -> {
        a.ambient = new double[] {0.72, 0.74, 0.76};
        a.skyTop = new double[] {0.66, 0.68, 0.70};
        a.skyHorizon = new double[] {0.70, 0.72, 0.73};
        a.fog = new double[] {0.66, 0.68, 0.70};
        a.fogDist = 28 + 16 * frac(l.skySeed, 1);
        a.cloudCover = 0;
        a.cloud = a.skyTop;
        a.exposure = 1.05;
        a.noise = 1.5;
        a.saturation = 0.85;
      }
      case RAIN -> {
        a.ambient = new double[] {0.36, 0.38, 0.42};
        a.skyTop = new double[] {0.2, 0.21, 0.24};
        a.skyHorizon = new double[] {0.33, 0.34, 0.37};
        a.fog = new double[] {0.3, 0.31, 0.34};
        a.fogDist = 90;
        a.cloudCover = 1.0;
        a.cloud = new double[] {0.16, 0.17, 0.19};
        a.exposure = 1.0;
        a.wet = 1;
        a.rainStreaks = 140 + (int) (180 * frac(l.skySeed, 4));
        a.fogDist = 70 + 50 * frac(l.skySeed, 5);
        a.noise = 2.0;
        a.saturation = 0.7;
      }
      case SNOW -> {
        a.ambient = new double[] {0.82, 0.85, 0.92};
        a.skyTop = new double[] {0.6, 0.62, 0.66};
        a.skyHorizon = new double[] {0.74, 0.76, 0.79};
        a.fog = new double[] {0.74, 0.76, 0.8};
        a.fogDist = 120;
        a.cloudCover = 1.0;
        a.cloud = new double[] {0.68, 0.7, 0.74};
        a.exposure = 0.95;
        a.snow = 0.75 + 0.25 * frac(l.skySeed, 6);
        a.flakes = 260 + (int) (400 * frac(l.skySeed, 7));
        a.fogDist = 90 + 70 * frac(l.skySeed, 8);
        a.noise = 1.5;
        a.saturation = 0.65;
      }
      case DUSK -> {
        sun(a, az * 0.3 + (az > 0 ? 1.1 : -1.1), 0.06, new double[] {1.0, 0.42, 0.14}, 1.4);
        a.ambient = new double[] {0.12, 0.1, 0.2};
        a.skyTop = new double[] {0.06, 0.07, 0.22};
        a.skyHorizon = new double[] {1.0, 0.38, 0.12};
        a.fog = new double[] {0.38, 0.2, 0.18};
        a.fogDist = 420;
        a.cloudCover = 0.4;
        a.cloud = new double[] {0.9, 0.35, 0.25};
        a.exposure = 1.1;
        a.lights = true;
        a.litFrac = 0.35;
        a.lampI = 2.5;
        a.noise = 2.5;
        a.saturation = 1.1;
        a.vignette = 0.3;
      }
      default -> { // NIGHT
        a.ambient = new double[] {0.008, 0.01, 0.02};
        a.skyTop = new double[] {0.002, 0.003, 0.01};
        a.skyHorizon = new double[] {0.03, 0.025, 0.03};
        a.fog = new double[] {0.02, 0.018, 0.02};
        a.fogDist = 600;
        a.cloudCover = 0.2;
        a.cloud = new double[] {0.02, 0.02, 0.025};
        a.exposure = 0.75;
        a.lights = true;
        a.litFrac = 0.2 + 0.2 * frac(l.skySeed, 9);
        a.lampI = 3.0 + 1.0 * frac(l.skySeed, 10);
        a.noise = 5;
        a.saturation = 0.95;
        a.vignette = 0.35;
      }
    }
    return a;
  }

  private static double frac(int seed, int k) {
    return Noise.h01(k, 3, 7, seed);
  }

  private static void sun(Atmos a, double az, double elev, double[] col, double intensity) {
    double ce = StrictMath.cos(elev);
    a.sunDir = new double[] {StrictMath.sin(az) * ce, StrictMath.sin(elev), -StrictMath.cos(az) * ce};
    a.sun = new double[] {col[0] * intensity, col[1] * intensity, col[2] * intensity};
  }
}
