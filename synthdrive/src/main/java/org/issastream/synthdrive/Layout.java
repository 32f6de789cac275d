package org.issastream.synthdrive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random street layout from a seed: camera, road, lots, buildings, vegetation, street furniture,
 * vehicles and people. Depends on the seed only ({@link SplittableRandom} is specified
 * bit-for-bit, so the layout is the same on every JVM).
 */
final class Layout {
  final long seed;
  final double camH;
  final double horizonFrac;
  final double focalFrac;
  final double yaw;
  final World.Ground ground;
  final List<World.Prim> prims = new ArrayList<>();
  /** Boxes that cast sun shadows: x0, y0, z0, x1, y1, z1. */
  final List<double[]> occluders = new ArrayList<>();
  /** Street-lamp light positions: x, y, z. */
  final List<double[]> lamps = new ArrayList<>();
  final List<World.Vehicle> vehicles = new ArrayList<>();
  final Map<String, Integer> counts = new LinkedHashMap<>();
  /** Appearance randoms independent of layout geometry (sun azimuth, cloud offset). */
  final double sunAz;
  final int skySeed;

  private final SplittableRandom rnd;

  private Layout(long seed) {
    this.seed = seed;
    // Scramble first: SplittableRandom(s + GOLDEN_GAMMA) is SplittableRandom(s) one step on, so
    // raw nearby seeds would give shifted copies of the same stream.
    this.rnd = new SplittableRandom(mix64(seed ^ 0x5DEECE66DL));
    camH = range(1.25, 1.65);
    horizonFrac = range(0.40, 0.47);
    focalFrac = range(0.80, 1.05);
    yaw = range(-0.05, 0.05);
    sunAz = range(-1.0, 1.0);
    skySeed = rnd.nextInt();

    double laneW = range(3.0, 3.6);
    int lanesSame = rnd.nextDouble() < 0.7 ? 1 : 2;
    int lanesOpp = rnd.nextDouble() < 0.12 ? 0 : (rnd.nextDouble() < 0.7 ? 1 : 2);
    boolean parkRight = rnd.nextDouble() < 0.6;
    boolean parkLeft = rnd.nextDouble() < 0.5;
    double parkW = 2.2;
    double right = laneW / 2 + (parkRight ? parkW : 0);
    double left = laneW / 2 + (lanesSame - 1) * laneW + lanesOpp * laneW + (parkLeft ? parkW : 0);
    double swLeft = range(2.2, 4.5);
    double swRight = range(2.2, 4.5);
    double curb = range(0.11, 0.16);
    boolean doubleCentre = rnd.nextDouble() < 0.4;
    double crossZ0 = Double.NaN;
    double crossZ1 = Double.NaN;
    if (rnd.nextDouble() < 0.5) {
      crossZ0 = range(20, 55);
      crossZ1 = crossZ0 + range(9, 14);
    }
    List<World.Lot> lotsLeft = new ArrayList<>();
    List<World.Lot> lotsRight = new ArrayList<>();
    ground = new World.Ground(left, right, swLeft, swRight, curb, laneW, lanesSame, lanesOpp, parkLeft, parkRight,
        doubleCentre, crossZ0, crossZ1, lotsLeft, lotsRight);
    prims.add(ground);

    for (int side = 0; side < 2; side++) {
      boolean isLeft = side == 0;
      double edge = isLeft ? -left : right;
      double sw = isLeft ? swLeft : swRight;
      double sgn = isLeft ? -1 : 1;
      double frontage = edge + sgn * sw;
      buildLots(isLeft ? lotsLeft : lotsRight, frontage, sgn, curb);
      streetTrees(edge, sgn, sw, curb);
      lamps(edge, sgn, curb, isLeft);
    }
    signsAndLights(left, right, curb);
    vehicles(left, right, laneW, lanesSame, lanesOpp, parkLeft, parkRight, parkW);
    people(left, right, swLeft, swRight, curb, laneW);
    // the camera car's bonnet, as in most dashboard and Cityscapes frames
    if (rnd.nextDouble() < 0.65) {
      World.Hood hood = new World.Hood(camH - range(0.4, 0.55), range(2.3, 2.8), 1.05);
      hood.r1 = rnd.nextDouble();
      prims.add(hood);
      count("ego hood");
    }
    // far skyline closing the street
    World.Billboard sky = new World.Billboard(TrainId.BUILDING, World.Billboard.SKYLINE, true, 320, 0, 600, 0,
        range(25, 60), 0, rnd.nextInt());
    prims.add(sky);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  static Layout generate(long seed) {
    return new Layout(seed);
  }

  private double range(double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }

  private void count(String kind) {
    counts.merge(kind, 1, Integer::sum);
  }

  private boolean inCross(double z, double margin) {
    return z > ground.crossZ0 - margin && z < ground.crossZ1 + margin;
  }

  private void buildLots(List<World.Lot> lots, double frontage, double sgn, double curb) {
    double z = -12;
    while (z < 200) {
      if (!Double.isNaN(ground.crossZ0) && z >= ground.crossZ0 - 0.5 && z < ground.crossZ1) {
        lots.add(new World.Lot(World.Lot.GAP, ground.crossZ0, ground.crossZ1));
        z = ground.crossZ1;
        continue;
      }
      double len = range(7, 26);
      double end = z + len;
      if (!Double.isNaN(ground.crossZ0) && z < ground.crossZ0 && end > ground.crossZ0) {
        end = ground.crossZ0;
      }
      double p = rnd.nextDouble();
      if (p < 0.55 || z > 120) {
        double setback = rnd.nextDouble() < 0.7 ? 0 : range(0.3, 1.5);
        double gap = rnd.nextDouble() < 0.15 ? range(1, 3) : 0;
        double zb = z + gap;
        if (end - zb < 3) {
          zb = z;
        }
        lots.add(new World.Lot(World.Lot.BUILDING, z, end));
        building(frontage + sgn * setback, sgn, zb, end, false);
      } else if (p < 0.75) {
        // front garden: lawn, a hedge or fence along the sidewalk, a lower building behind
        double setback = range(2.5, 7);
        lots.add(new World.Lot(World.Lot.GARDEN, z, end));
        boundary(frontage, sgn, z, end, curb, 0.75);
        if (rnd.nextDouble() < 0.5) {
          tree(frontage + sgn * range(1.2, setback - 1), range(z + 1, Math.max(z + 1.1, end - 1)), curb, 0.9);
        }
        building(frontage + sgn * setback, sgn, z + range(0, 1.5), end - range(0, 1.5), true);
      } else {
        lots.add(new World.Lot(World.Lot.PARK, z, end));
        park(frontage, sgn, z, end, curb);
      }
      z = end;
    }
  }

  private void building(double face, double sgn, double z0, double z1, boolean low) {
    double floorH = range(2.9, 3.6);
    int floors = low ? 1 + rnd.nextInt(3) : 2 + rnd.nextInt(7);
    if (!low && rnd.nextDouble() < 0.12) {
      floors += 4 + rnd.nextInt(8);
    }
    double height = floorH * (floors + 0.25) + range(0.3, 1.2);
    double depth = range(10, 20);
    boolean curtain = rnd.nextDouble() < 0.12;
    World.Building b = new World.Building(face, z0, face + sgn * depth, z1, height, floorH, range(2.0, 3.2),
        range(0.38, 0.62), range(0.42, 0.62), rnd.nextDouble() < 0.45, curtain, range(0, 3));
    b.r1 = rnd.nextDouble();
    b.r2 = rnd.nextDouble();
    b.r3 = rnd.nextDouble();
    b.seed = rnd.nextInt();
    prims.add(b);
    occluders.add(new double[] {b.x0, b.y0, b.z0, b.x1, b.y1, b.z1});
    count("building");
  }

  private void park(double frontage, double sgn, double z0, double z1, double curb) {
    boundary(frontage, sgn, z0, z1, curb, 0.7);
    int trees = 2 + rnd.nextInt(4);
    for (int i = 0; i < trees; i++) {
      tree(frontage + sgn * range(2.5, 12), range(z0 + 1, z1 - 1), curb, range(1.0, 1.5));
    }
    if (rnd.nextDouble() < 0.7) {
      double setback = range(14, 30);
      building(frontage + sgn * setback, sgn, z0 - range(0, 5), z1 + range(0, 5), false);
    }
  }

  /** A hedge, wall or fence along the back of the sidewalk, with probability p. */
  private void boundary(double frontage, double sgn, double z0, double z1, double curb, double p) {
    double pick = rnd.nextDouble() / p;
    if (pick < 0.4) {
      World.SolidBox hedge = new World.SolidBox(TrainId.VEGETATION, Mat.HEDGE, frontage + sgn * 0.2, curb, z0 + 0.3,
          frontage + sgn * range(0.9, 1.4), curb + range(0.8, 1.4), z1 - 0.3);
      hedge.seed = rnd.nextInt();
      hedge.r1 = rnd.nextDouble();
      prims.add(hedge);
      count("hedge");
    } else if (pick < 0.65) {
      World.SolidBox wall = new World.SolidBox(TrainId.WALL, Mat.WALL, frontage + sgn * 0.05, curb, z0,
          frontage + sgn * 0.35, curb + range(0.6, 1.3), z1);
      wall.r1 = rnd.nextDouble();
      prims.add(wall);
      count("wall");
    } else if (pick < 1.0) {
      World.Billboard fence = new World.Billboard(TrainId.FENCE, World.Billboard.FENCE, false, frontage + sgn * 0.1,
          (z0 + z1) / 2, (z1 - z0) / 2, curb, range(1.0, 1.8), 0, rnd.nextInt());
      fence.r1 = rnd.nextDouble();
      prims.add(fence);
      count("fence");
    }
  }

  private void tree(double x, double z, double baseY, double scale) {
    double trunkH = range(1.8, 3.2) * scale;
    double r = range(1.4, 2.8) * scale;
    World.SolidBox trunk = new World.SolidBox(TrainId.VEGETATION, Mat.TRUNK, x - 0.14, baseY, z - 0.14, x + 0.14,
        baseY + trunkH + r * 0.6, z + 0.14);
    prims.add(trunk);
    int seed = rnd.nextInt();
    double r1 = rnd.nextDouble();
    double cy = baseY + trunkH + r * 0.85;
    double stretch = range(0.9, 1.35);
    // a crown is a cluster of lobes: a core plus 4-7 smaller ones around it
    World.Crown core = new World.Crown(TrainId.VEGETATION, x, cy, z, r * 0.75, r * 0.75 * stretch, r * 0.75, seed);
    core.r1 = r1;
    prims.add(core);
    int lobes = 4 + rnd.nextInt(4);
    for (int i = 0; i < lobes; i++) {
      double ang = 6.2831853 * (i + rnd.nextDouble() * 0.6) / lobes;
      double rad = r * range(0.35, 0.6);
      double off = r - rad;
      double lx = x + StrictMath.cos(ang) * off;
      double lz = z + StrictMath.sin(ang) * off;
      double ly = cy + range(-0.35, 0.6) * r * stretch;
      World.Crown lobe = new World.Crown(TrainId.VEGETATION, lx, ly, lz, rad, rad * range(0.8, 1.1), rad, seed + i + 1);
      lobe.r1 = r1;
      prims.add(lobe);
    }
    occluders.add(new double[] {x - r * 0.7, baseY + trunkH, z - r * 0.7, x + r * 0.7, baseY + trunkH + r * 1.7, z + r * 0.7});
    count("tree");
  }

  private void streetTrees(double edge, double sgn, double sw, double curb) {
    if (rnd.nextDouble() > 0.65) {
      return;
    }
    double z = range(3, 10);
    double spacing = range(8, 14);
    while (z < 90) {
      if (!(inCross(z, 2))) {
        tree(edge + sgn * Math.max(0.9, sw * 0.55), z, curb, 1.0);
      }
      z += spacing + range(-1.5, 1.5);
    }
  }

  private void lamps(double edge, double sgn, double curb, boolean isLeft) {
    if (rnd.nextDouble() < (isLeft ? 0.45 : 0.75)) {
      double h = range(6, 8.5);
      double arm = range(1.2, 2.4);
      double spacing = range(18, 30);
      double x = edge + sgn * 0.45;
      for (double z = range(4, 16); z < 140; z += spacing) {
        if (inCross(z, 1)) {
          continue;
        }
        prims.add(new World.SolidBox(TrainId.POLE, Mat.METAL, x - 0.09, curb, z - 0.09, x + 0.09, curb + h, z + 0.09));
        double ax = x - sgn * arm;
        prims.add(new World.SolidBox(TrainId.POLE, Mat.METAL, Math.min(x, ax), curb + h - 0.12, z - 0.05, Math.max(x, ax),
            curb + h, z + 0.05));
        prims.add(new World.LampHead(ax - 0.35, curb + h - 0.22, z - 0.18, ax + 0.35, curb + h - 0.02, z + 0.18));
        lamps.add(new double[] {ax, curb + h - 0.3, z});
        count("street lamp");
      }
    }
  }

  private void signsAndLights(double left, double right, double curb) {
    int signs = rnd.nextInt(4);
    for (int i = 0; i < signs; i++) {
      boolean isLeft = rnd.nextDouble() < 0.35;
      double x = isLeft ? -left - 0.5 : right + 0.5;
      double z = range(7, 60);
      if (inCross(z, 1)) {
        continue;
      }
      double bottom = range(2.0, 2.6);
      double size = range(0.6, 0.85);
      prims.add(new World.SolidBox(TrainId.POLE, Mat.METAL, x - 0.05, curb, z + 0.03, x + 0.05, curb + bottom + size, z + 0.1));
      int shape = switch (rnd.nextInt(5)) {
        case 0 -> World.Billboard.SIGN_CIRCLE;
        case 1 -> World.Billboard.SIGN_TRIANGLE;
        case 2 -> World.Billboard.SIGN_RECT;
        case 3 -> World.Billboard.SIGN_DIAMOND;
        default -> World.Billboard.SIGN_NO_ENTRY;
      };
      prims.add(new World.Billboard(TrainId.TRAFFIC_SIGN, shape, true, z, x, size / 2, curb + bottom, size, 0, 0));
      count("traffic sign");
    }
    if (!Double.isNaN(ground.crossZ0)) {
      int state = rnd.nextInt(3);
      for (int side = 0; side < 2; side++) {
        double x = side == 0 ? -left - 0.6 : right + 0.6;
        double z = ground.crossZ0 - range(0.5, 2);
        double h = range(2.6, 3.2);
        prims.add(new World.SolidBox(TrainId.POLE, Mat.METAL, x - 0.07, curb, z + 0.1, x + 0.07, curb + h + 0.9, z + 0.24));
        prims.add(new World.TrafficLight(x, curb + h, z, state));
        count("traffic light");
      }
      if (rnd.nextDouble() < 0.5) {
        // overhead mast arm on the right
        double x = right + 0.8;
        double z = ground.crossZ0 - 0.5;
        double h = 5.6;
        prims.add(new World.SolidBox(TrainId.POLE, Mat.METAL, x - 0.12, curb, z - 0.12, x + 0.12, curb + h, z + 0.12));
        prims.add(new World.SolidBox(TrainId.POLE, Mat.METAL, -2.0, curb + h - 0.2, z - 0.06, x, curb + h - 0.05, z + 0.06));
        prims.add(new World.TrafficLight(-0.3, curb + h - 1.2, z - 0.2, state));
        count("traffic light");
      }
    }
  }

  private World.Vehicle vehicle(int kind, double x, double z, boolean alongZ, boolean forward) {
    double w;
    double l;
    double h;
    if (kind == World.Vehicle.CAR) {
      double type = rnd.nextDouble();
      w = range(1.7, 1.9);
      l = type < 0.2 ? range(3.6, 4.0) : range(4.2, 4.9);
      h = type > 0.8 ? range(1.6, 1.8) : range(1.4, 1.55);
    } else if (kind == World.Vehicle.BUS) {
      w = 2.5;
      l = range(11, 12.5);
      h = 3.1;
    } else {
      w = 2.45;
      l = range(6.5, 9);
      h = range(3.0, 3.6);
    }
    World.Vehicle v = new World.Vehicle(kind, x, z, w, l, h, alongZ, forward);
    v.r1 = rnd.nextDouble();
    v.r2 = rnd.nextDouble();
    v.r3 = rnd.nextDouble();
    v.seed = rnd.nextInt();
    prims.add(v);
    vehicles.add(v);
    double[] b = v.body();
    occluders.add(new double[] {b[0], 0.2, b[2], b[3], h, b[5]});
    count(kind == World.Vehicle.CAR ? "car" : kind == World.Vehicle.BUS ? "bus" : "truck");
    return v;
  }

  private void vehicles(double left, double right, double laneW, int lanesSame, int lanesOpp, boolean parkLeft,
      boolean parkRight, double parkW) {
    List<double[]> taken = new ArrayList<>(); // x, z0, z1
    // same direction, ahead of the ego car
    for (int k = 0; k < lanesSame; k++) {
      double x = -k * laneW + range(-0.25, 0.25);
      double z = range(9, 28);
      while (z < 110) {
        if (rnd.nextDouble() < 0.5 && !inCross(z, 3)) {
          int kind = rnd.nextDouble() < 0.06 ? (rnd.nextBoolean() ? World.Vehicle.BUS : World.Vehicle.TRUCK) : World.Vehicle.CAR;
          World.Vehicle v = vehicle(kind, x, z, true, true);
          taken.add(new double[] {x, z - v.length / 2, z + v.length / 2});
          z += v.length;
        }
        z += range(8, 35);
      }
    }
    // oncoming
    double dv = -(lanesSame - 0.5) * laneW;
    for (int k = 0; k < lanesOpp; k++) {
      double x = dv - (k + 0.5) * laneW + range(-0.25, 0.25);
      double z = range(8, 30);
      while (z < 120) {
        if (rnd.nextDouble() < 0.5 && !inCross(z, 3)) {
          int kind = rnd.nextDouble() < 0.08 ? World.Vehicle.BUS : World.Vehicle.CAR;
          World.Vehicle v = vehicle(kind, x, z, true, false);
          z += v.length;
        }
        z += range(10, 40);
      }
    }
    // parked along the curbs
    for (int side = 0; side < 2; side++) {
      boolean park = side == 0 ? parkLeft : parkRight;
      if (!park) {
        continue;
      }
      double x = side == 0 ? -left + parkW / 2 + 0.05 : right - parkW / 2 - 0.05;
      double z = range(2, 8);
      while (z < 100) {
        if (inCross(z, 6) || (!Double.isNaN(ground.crossZ0) && z > ground.crossZ0 - 8 && z < ground.crossZ0)) {
          z += 3;
          continue;
        }
        if (rnd.nextDouble() < 0.55) {
          World.Vehicle v = vehicle(rnd.nextDouble() < 0.02 ? World.Vehicle.TRUCK : World.Vehicle.CAR,
              x + range(-0.1, 0.1), z + 2.3, true, side == 1 || rnd.nextDouble() < 0.3);
          z += v.length + range(0.6, 2.0);
        } else {
          z += range(3, 8);
        }
      }
    }
    // crossing traffic on the cross street
    if (!Double.isNaN(ground.crossZ0) && rnd.nextDouble() < 0.6) {
      double z = (ground.crossZ0 + ground.crossZ1) / 2 + range(-1.5, 1.5);
      vehicle(World.Vehicle.CAR, range(-left - 12, right + 12), z, false, rnd.nextBoolean());
    }
  }

  private void people(double left, double right, double swLeft, double swRight, double curb, double laneW) {
    int n = 1 + rnd.nextInt(9);
    for (int i = 0; i < n; i++) {
      boolean isLeft = rnd.nextDouble() < 0.45;
      double sw = isLeft ? swLeft : swRight;
      double x = isLeft ? -left - range(0.5, sw - 0.4) : right + range(0.5, sw - 0.4);
      double z = 3 + 45 * rnd.nextDouble() * rnd.nextDouble() + range(0, 5);
      person(x, z, curb, rnd.nextDouble() < 0.45);
    }
    if (!Double.isNaN(ground.crossZ0) && rnd.nextDouble() < 0.6) {
      int k = 1 + rnd.nextInt(3);
      for (int i = 0; i < k; i++) {
        person(range(-left + 0.5, right - 0.5), ground.crossZ0 - range(1.3, 4.2), 0, true);
      }
    }
    if (rnd.nextDouble() < 0.3) {
      double x = right - range(0.6, 1.0);
      double z = range(6, 35);
      double h = range(1.7, 1.9);
      World.Billboard c = new World.Billboard(TrainId.RIDER, World.Billboard.CYCLIST, true, z, x, 0.35 * h, 0,
          h, range(0, 6.28), 0);
      c.r1 = rnd.nextDouble();
      c.r2 = rnd.nextDouble();
      c.r3 = rnd.nextDouble();
      prims.add(c);
      count("cyclist");
    }
    if (rnd.nextDouble() < 0.3) {
      boolean isLeft = rnd.nextBoolean();
      double x = isLeft ? -left - 0.6 : right + 0.6;
      World.Billboard b = new World.Billboard(TrainId.BICYCLE, World.Billboard.BIKE_SIDE, false, x, range(5, 30), 0.95,
          curb, 1.0, 0, 0);
      b.r1 = rnd.nextDouble();
      prims.add(b);
      count("bicycle");
    }
  }

  private void person(double x, double z, double baseY, boolean side) {
    double h = range(1.55, 1.9);
    World.Billboard p = new World.Billboard(TrainId.PERSON, side ? World.Billboard.PERSON_SIDE : World.Billboard.PERSON,
        !side, side ? x : z, side ? z : x, side ? 0.3 * h : 0.2 * h, baseY, h, range(0, 6.28), 0);
    p.r1 = rnd.nextDouble();
    p.r2 = rnd.nextDouble();
    p.r3 = rnd.nextDouble();
    prims.add(p);
    count("person");
  }
}
