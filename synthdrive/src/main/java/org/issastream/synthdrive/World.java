package org.issastream.synthdrive;

import java.util.ArrayList;
import java.util.List;

/**
 * The 3D street model: primitives with analytic ray intersection. World frame in metres: x to the
 * right, y up, z forward along the street; the road surface is y = 0 and the camera sits at
 * x = 0. Everything here depends on the layout seed only, never on condition or place, which is
 * what keeps labels identical across conditions.
 */
final class World {
  private World() {}

  /** A ray: origin and direction (direction not normalised; t is in units of it). */
  static final class Ray {
    double ox;
    double oy;
    double oz;
    double dx;
    double dy;
    double dz;
  }

  /** The nearest hit so far. */
  static final class Hit {
    double t;
    double nx;
    double ny;
    double nz;
    double u;
    double v;
    int mat;
    int cls;
    int aux;
  }

  /** A renderable primitive. {@link #hit} writes h only when it finds a hit nearer than tmax. */
  abstract static class Prim {
    final int cls;
    /** Bounding box for screen-space culling: x0, y0, z0, x1, y1, z1. */
    double bx0;
    double by0;
    double bz0;
    double bx1;
    double by1;
    double bz1;
    /** Appearance randoms fixed at layout time; the shader maps them to palette entries. */
    double r1;
    double r2;
    double r3;
    int seed;

    Prim(int cls) {
      this.cls = cls;
    }

    void bounds(double x0, double y0, double z0, double x1, double y1, double z1) {
      bx0 = Math.min(x0, x1);
      bx1 = Math.max(x0, x1);
      by0 = Math.min(y0, y1);
      by1 = Math.max(y0, y1);
      bz0 = Math.min(z0, z1);
      bz1 = Math.max(z0, z1);
    }

    /** Whether the whole lower half of the screen must be scanned (the ground). */
    boolean isGround() {
      return false;
    }

    /** Whether the primitive is seen in wet-road reflections. */
    boolean reflects() {
      return !isGround();
    }

    abstract boolean hit(Ray r, double tmax, Hit h);
  }

  // ------------------------------------------------------------------ geometry helpers

  /**
   * Slab test of an axis-aligned box. Returns the entry t (or NaN when missed or not in
   * (1e-4, tmax)); FACE[0] receives the entry face: 0 -x, 1 +x, 2 -y, 3 +y, 4 -z, 5 +z.
   */
  static double slab(Ray r, double x0, double y0, double z0, double x1, double y1, double z1, double tmax, int[] face) {
    double tn = -1e30;
    double tf = 1e30;
    int f = -1;
    if (r.dx != 0) {
      double a = (x0 - r.ox) / r.dx;
      double b = (x1 - r.ox) / r.dx;
      int fa = 0;
      if (a > b) {
        double s = a;
        a = b;
        b = s;
        fa = 1;
      }
      if (a > tn) {
        tn = a;
        f = fa;
      }
      tf = Math.min(tf, b);
    } else if (r.ox < x0 || r.ox > x1) {
      return Double.NaN;
    }
    if (r.dy != 0) {
      double a = (y0 - r.oy) / r.dy;
      double b = (y1 - r.oy) / r.dy;
      int fa = 2;
      if (a > b) {
        double s = a;
        a = b;
        b = s;
        fa = 3;
      }
      if (a > tn) {
        tn = a;
        f = fa;
      }
      tf = Math.min(tf, b);
    } else if (r.oy < y0 || r.oy > y1) {
      return Double.NaN;
    }
    if (r.dz != 0) {
      double a = (z0 - r.oz) / r.dz;
      double b = (z1 - r.oz) / r.dz;
      int fa = 4;
      if (a > b) {
        double s = a;
        a = b;
        b = s;
        fa = 5;
      }
      if (a > tn) {
        tn = a;
        f = fa;
      }
      tf = Math.min(tf, b);
    } else if (r.oz < z0 || r.oz > z1) {
      return Double.NaN;
    }
    if (tn > tf || tn <= 1e-4 || tn >= tmax) {
      return Double.NaN;
    }
    face[0] = f;
    return tn;
  }

  static void setNormal(Hit h, int face) {
    h.nx = face == 0 ? -1 : face == 1 ? 1 : 0;
    h.ny = face == 2 ? -1 : face == 3 ? 1 : 0;
    h.nz = face == 4 ? -1 : face == 5 ? 1 : 0;
  }

  // ------------------------------------------------------------------ the ground

  /** One stretch of street frontage on one side. */
  static final class Lot {
    static final int BUILDING = 0;
    static final int PARK = 1;
    static final int GAP = 2;
    /** A building set back behind a front garden (terrain up to the facade). */
    static final int GARDEN = 3;
    final int type;
    final double z0;
    final double z1;

    Lot(int type, double z0, double z1) {
      this.type = type;
      this.z0 = z0;
      this.z1 = z1;
    }
  }

  /** Road, markings, curbs, sidewalks, cross street and verges: everything on y ~ 0. */
  static final class Ground extends Prim {
    final double left;      // road spans x in [-left, right]
    final double right;
    final double swLeft;
    final double swRight;
    final double curb;
    final double laneW;
    final int lanesSame;    // lanes in the ego direction (ego in the rightmost)
    final int lanesOpp;
    final boolean parkLeft;
    final boolean parkRight;
    final boolean doubleCentre;
    final double crossZ0;   // cross street z range, NaN when none
    final double crossZ1;
    final List<Lot> lotsLeft;
    final List<Lot> lotsRight;

    Ground(double left, double right, double swLeft, double swRight, double curb, double laneW, int lanesSame,
        int lanesOpp, boolean parkLeft, boolean parkRight, boolean doubleCentre, double crossZ0, double crossZ1,
        List<Lot> lotsLeft, List<Lot> lotsRight) {
      super(TrainId.ROAD);
      this.left = left;
      this.right = right;
      this.swLeft = swLeft;
      this.swRight = swRight;
      this.curb = curb;
      this.laneW = laneW;
      this.lanesSame = lanesSame;
      this.lanesOpp = lanesOpp;
      this.parkLeft = parkLeft;
      this.parkRight = parkRight;
      this.doubleCentre = doubleCentre;
      this.crossZ0 = crossZ0;
      this.crossZ1 = crossZ1;
      this.lotsLeft = lotsLeft;
      this.lotsRight = lotsRight;
      bounds(-1e4, 0, 0, 1e4, curb, 1e4);
    }

    @Override
    boolean isGround() {
      return true;
    }

    boolean inCross(double z) {
      return z >= crossZ0 && z <= crossZ1;
    }

    /** x of the centre divider between the two directions. */
    double divider() {
      return -(lanesSame - 0.5) * laneW;
    }

    @Override
    boolean hit(Ray r, double tmax, Hit h) {
      if (r.dy >= 0 || r.oy <= 0) {
        return false;
      }
      double t0 = -r.oy / r.dy;
      double x = r.ox + t0 * r.dx;
      double z = r.oz + t0 * r.dz;
      if (t0 >= tmax) {
        return false;
      }
      boolean road = (x >= -left && x <= right) || inCross(z);
      if (road) {
        h.t = t0;
        h.nx = 0;
        h.ny = 1;
        h.nz = 0;
        h.u = x;
        h.v = z;
        h.cls = TrainId.ROAD;
        h.mat = roadMark(x, z);
        h.aux = 0;
        return true;
      }
      double t1 = (curb - r.oy) / r.dy;
      double x1 = r.ox + t1 * r.dx;
      double z1 = r.oz + t1 * r.dz;
      boolean leftSide = x < 0;
      double edge = leftSide ? -left : right;
      boolean x1OnRoad = leftSide ? x1 > edge : x1 < edge;
      if (x1OnRoad && !inCross(z1)) {
        // the ray passes the curb face between the two planes
        double tc = (edge - r.ox) / r.dx;
        h.t = tc;
        h.nx = leftSide ? 1 : -1;
        h.ny = 0;
        h.nz = 0;
        h.u = r.oz + tc * r.dz;
        h.v = r.oy + tc * r.dy;
        h.cls = TrainId.SIDEWALK;
        h.mat = Mat.CURB;
        h.aux = 0;
        return t1 < tmax || tc < tmax;
      }
      if (t1 >= tmax) {
        return false;
      }
      if (inCross(z1)) {
        // seen over the raised plane but landing on the cross street: treat as road at t0
        h.t = t0;
        h.nx = 0;
        h.ny = 1;
        h.nz = 0;
        h.u = x;
        h.v = z;
        h.cls = TrainId.ROAD;
        h.mat = Mat.ROAD;
        h.aux = 0;
        return true;
      }
      double sw = leftSide ? swLeft : swRight;
      double dist = leftSide ? -left - x1 : x1 - right;
      h.t = t1;
      h.nx = 0;
      h.ny = 1;
      h.nz = 0;
      h.u = x1;
      h.v = z1;
      h.aux = 0;
      if (dist <= sw) {
        h.cls = TrainId.SIDEWALK;
        h.mat = Mat.SIDEWALK;
      } else {
        Lot lot = lotAt(leftSide ? lotsLeft : lotsRight, z1);
        if (lot != null && lot.type == Lot.BUILDING) {
          h.cls = TrainId.SIDEWALK;
          h.mat = Mat.SIDEWALK;
        } else {
          h.cls = TrainId.TERRAIN;
          h.mat = Mat.TERRAIN;
        }
      }
      return true;
    }

    static Lot lotAt(List<Lot> lots, double z) {
      for (Lot l : lots) {
        if (z >= l.z0 && z < l.z1) {
          return l;
        }
      }
      return null;
    }

    private int roadMark(double x, double z) {
      if (inCross(z) && (x < -left || x > right)) {
        return Mat.ROAD;
      }
      if (!Double.isNaN(crossZ0)) {
        // zebra crossing before the junction, stop line before it on the ego side
        if (z > crossZ0 - 4.5 && z < crossZ0 - 1.0) {
          double s = (x + left) / 0.55;
          return ((int) Math.floor(s) & 1) == 0 ? Mat.MARK : Mat.ROAD;
        }
        if (z > crossZ0 - 6.0 && z < crossZ0 - 5.6 && x > divider()) {
          return Mat.MARK;
        }
        if (inCross(z)) {
          return Mat.ROAD;
        }
      }
      double dv = divider();
      double lw = 0.075;
      if (doubleCentre) {
        if (Math.abs(x - (dv - 0.12)) < lw || Math.abs(x - (dv + 0.12)) < lw) {
          return Mat.MARK_YELLOW;
        }
      } else if (Math.abs(x - dv) < lw && dash(z, 3.0, 9.0)) {
        return Mat.MARK_YELLOW;
      }
      for (int k = 1; k < lanesSame; k++) {
        double xb = dv + k * laneW;
        if (Math.abs(x - xb) < lw && dash(z, 3.0, 9.0)) {
          return Mat.MARK;
        }
      }
      for (int k = 1; k < lanesOpp; k++) {
        double xb = dv - k * laneW;
        if (Math.abs(x - xb) < lw && dash(z, 3.0, 9.0)) {
          return Mat.MARK;
        }
      }
      double egoEdge = laneW / 2;
      if (parkRight && Math.abs(x - egoEdge - 0.1) < lw * 0.8) {
        return Mat.MARK;
      }
      double oppEdge = dv - lanesOpp * laneW;
      if (parkLeft && Math.abs(x - oppEdge + 0.1) < lw * 0.8) {
        return Mat.MARK;
      }
      return Mat.ROAD;
    }

    private static boolean dash(double z, double on, double period) {
      double p = z - Math.floor(z / period) * period;
      return p < on;
    }
  }

  /**
   * The bonnet of the camera car: a glossy surface at the bottom of the image with a rounded front
   * edge, labelled ignore (Cityscapes "ego vehicle").
   */
  static final class Hood extends Prim {
    final double top;
    final double edge;
    final double halfW;

    Hood(double top, double edge, double halfW) {
      super(TrainId.IGNORE);
      this.top = top;
      this.edge = edge;
      this.halfW = halfW;
      bounds(-halfW, top, 0.2, halfW, top, edge);
    }

    @Override
    boolean reflects() {
      return false;
    }

    @Override
    boolean hit(Ray r, double tmax, Hit h) {
      if (r.dy >= 0 || r.oy <= top) {
        return false;
      }
      double t = (top - r.oy) / r.dy;
      if (t <= 1e-4 || t >= tmax) {
        return false;
      }
      double x = r.ox + t * r.dx;
      double z = r.oz + t * r.dz;
      double q = x / halfW;
      if (Math.abs(q) > 1 || z < 0.2 || z > edge * (1 - 0.3 * q * q)) {
        return false;
      }
      h.t = t;
      // the bonnet curves down to the sides and the front
      h.nx = 0.35 * q;
      h.ny = 0.92;
      h.nz = -0.18;
      h.u = x;
      h.v = z;
      h.mat = Mat.HOOD;
      h.cls = TrainId.IGNORE;
      h.aux = 0;
      return true;
    }
  }

  // ------------------------------------------------------------------ boxes

  /** An axis-aligned box with a material function of face and face coordinates. */
  abstract static class BoxPrim extends Prim {
    final double x0;
    final double y0;
    final double z0;
    final double x1;
    final double y1;
    final double z1;
    private final int[] face = new int[1];

    BoxPrim(int cls, double x0, double y0, double z0, double x1, double y1, double z1) {
      super(cls);
      this.x0 = Math.min(x0, x1);
      this.x1 = Math.max(x0, x1);
      this.y0 = Math.min(y0, y1);
      this.y1 = Math.max(y0, y1);
      this.z0 = Math.min(z0, z1);
      this.z1 = Math.max(z0, z1);
      bounds(x0, y0, z0, x1, y1, z1);
    }

    @Override
    boolean hit(Ray r, double tmax, Hit h) {
      double t = slab(r, x0, y0, z0, x1, y1, z1, tmax, face);
      if (Double.isNaN(t)) {
        return false;
      }
      int f = face[0];
      double px = r.ox + t * r.dx;
      double py = r.oy + t * r.dy;
      double pz = r.oz + t * r.dz;
      h.t = t;
      setNormal(h, f);
      h.cls = cls;
      h.aux = 0;
      if (f <= 1) {
        h.u = pz;
        h.v = py;
      } else if (f <= 3) {
        h.u = px;
        h.v = pz;
      } else {
        h.u = px;
        h.v = py;
      }
      h.mat = material(f, px, py, pz, h);
      return true;
    }

    /** The material at a point of face f; may also set h.aux and h.cls. */
    abstract int material(int f, double px, double py, double pz, Hit h);
  }

  /** A box of a single material. */
  static final class SolidBox extends BoxPrim {
    final int mat;

    SolidBox(int cls, int mat, double x0, double y0, double z0, double x1, double y1, double z1) {
      super(cls, x0, y0, z0, x1, y1, z1);
      this.mat = mat;
    }

    @Override
    int material(int f, double px, double py, double pz, Hit h) {
      return mat;
    }
  }

  /** A lamp head: metal housing whose underside is the light. */
  static final class LampHead extends BoxPrim {
    LampHead(double x0, double y0, double z0, double x1, double y1, double z1) {
      super(TrainId.POLE, x0, y0, z0, x1, y1, z1);
    }

    @Override
    int material(int f, double px, double py, double pz, Hit h) {
      return f == 2 ? Mat.LAMP : Mat.METAL;
    }
  }

  /** A building block with window grid, ground floor and cornice. */
  static final class Building extends BoxPrim {
    final double floorH;
    final double groundH;
    final double colW;
    final double winW;
    final double winH;
    final double sill;
    final boolean shops;
    final double phase;
    final boolean curtainWall;
    final boolean stringCourses;

    Building(double x0, double z0, double x1, double z1, double height, double floorH, double colW, double winFrac,
        double winHFrac, boolean shops, boolean curtainWall, double phase) {
      super(TrainId.BUILDING, x0, 0, z0, x1, height, z1);
      this.floorH = floorH;
      this.groundH = floorH * 1.25;
      this.colW = colW;
      this.winW = colW * winFrac;
      this.winH = floorH * winHFrac;
      this.sill = (floorH - winH) * 0.55;
      this.shops = shops;
      this.curtainWall = curtainWall;
      this.phase = phase;
      this.stringCourses = ((int) (phase * 1000)) % 2 == 0;
    }

    @Override
    int material(int f, double px, double py, double pz, Hit h) {
      double u = f <= 1 ? pz : px;
      double v = py;
      double top = y1;
      if (f == 2 || f == 3) {
        return Mat.CORNICE;
      }
      if (v > top - 0.5) {
        return Mat.CORNICE;
      }
      double cu = u + phase;
      int col = (int) Math.floor(cu / colW);
      double fu = cu - col * colW;
      double m = (colW - winW) / 2;
      if (v < groundH) {
        if (v < 0.35) {
          return Mat.CORNICE;
        }
        if (shops) {
          h.aux = 1 + Math.floorMod(col, 1 << 12) * 64;
          if (v > groundH - 0.55) {
            return Mat.AWNING;
          }
          if (fu > 0.15 * colW && fu < 0.85 * colW && v > 0.45) {
            return Math.floorMod(col, 3) == 1 && fu > 0.3 * colW && fu < 0.7 * colW ? Mat.DOOR : Mat.SHOP;
          }
          return Mat.FACADE;
        }
        if (Math.floorMod(col, 5) == 2 && fu > m && fu < colW - m && v < 2.3) {
          return Mat.DOOR;
        }
        return Mat.FACADE;
      }
      if (v > top - 0.8 && !curtainWall) {
        return Mat.FACADE;
      }
      int fl = (int) Math.floor((v - groundH) / floorH);
      double fv = v - groundH - fl * floorH;
      if (curtainWall) {
        boolean mullion = fu < 0.08 || fv < 0.12;
        h.aux = 1 + (Math.floorMod(col, 1 << 12) * 64 + Math.floorMod(fl, 64));
        return mullion ? Mat.FRAME : Mat.WINDOW;
      }
      if (fv > sill && fv < sill + winH && fu > m && fu < colW - m) {
        h.aux = 1 + (Math.floorMod(col, 1 << 12) * 64 + Math.floorMod(fl, 64));
        double e = 0.07;
        if (fv < sill + e || fv > sill + winH - e || fu < m + e || fu > colW - m - e) {
          return Mat.FRAME;
        }
        // the reveal: the top of the opening is in the shadow of the lintel
        h.aux |= fv > sill + winH - 0.22 ? 1 << 20 : 0;
        return Mat.WINDOW;
      }
      if (fv > sill - 0.09 && fv <= sill && fu > m - 0.08 && fu < colW - m + 0.08) {
        return Mat.CORNICE; // sill
      }
      if (fv < 0.18 && stringCourses) {
        return Mat.CORNICE; // string course between floors
      }
      return Mat.FACADE;
    }
  }

  /**
   * A road vehicle: body, cabin and wheels. Axis 'z' drives along the street (facing away when
   * forward, towards the camera otherwise); axis 'x' crosses it.
   */
  static final class Vehicle extends Prim {
    static final int CAR = 0;
    static final int TRUCK = 1;
    static final int BUS = 2;
    final int kind;
    final boolean alongZ;
    final boolean forward;     // facing +z (or +x)
    final double cx;
    final double cz;
    final double width;
    final double length;
    final double height;
    private final double[][] parts;   // boxes: x0,y0,z0,x1,y1,z1, partType
    private final int[] face = new int[1];

    Vehicle(int kind, double cx, double cz, double width, double length, double height, boolean alongZ, boolean forward) {
      super(kind == CAR ? TrainId.CAR : kind == TRUCK ? TrainId.TRUCK : TrainId.BUS);
      this.kind = kind;
      this.cx = cx;
      this.cz = cz;
      this.width = width;
      this.length = length;
      this.height = height;
      this.alongZ = alongZ;
      this.forward = forward;
      List<double[]> p = new ArrayList<>();
      double hw = width / 2;
      double hl = length / 2;
      double wheelR = kind == CAR ? 0.33 : 0.5;
      if (kind == CAR) {
        double bodyTop = height * 0.58;
        // body (part 0), cabin (part 1): cabin set back from the front
        p.add(new double[] {-hw, wheelR * 0.8, -hl, hw, bodyTop, hl, 0});
        double front = forward ? hl - length * 0.30 : -hl + length * 0.30;
        double back = forward ? -hl + length * 0.12 : hl - length * 0.12;
        double cabMid = bodyTop + (height - bodyTop) * 0.55;
        p.add(new double[] {-hw + 0.07, bodyTop, Math.min(front, back), hw - 0.07, cabMid, Math.max(front, back), 1});
        double inset = (Math.max(front, back) - Math.min(front, back)) * 0.12;
        p.add(new double[] {-hw + 0.2, cabMid, Math.min(front, back) + inset, hw - 0.2, height, Math.max(front, back) - inset, 1});
      } else if (kind == BUS) {
        p.add(new double[] {-hw, wheelR * 0.7, -hl, hw, height, hl, 0});
      } else {
        // truck: cab at the front, cargo box behind
        double cabLen = 2.3;
        double cab0 = forward ? hl - cabLen : -hl;
        double cab1 = forward ? hl : -hl + cabLen;
        p.add(new double[] {-hw, wheelR * 0.8, cab0, hw, height * 0.72, cab1, 1});
        double box0 = forward ? -hl : -hl + cabLen + 0.2;
        double box1 = forward ? hl - cabLen - 0.2 : hl;
        p.add(new double[] {-hw - 0.05, wheelR * 1.2, box0, hw + 0.05, height, box1, 2});
      }
      // wheels (part 3)
      double ax = hl - Math.min(1.2, length * 0.2);
      for (double s : new double[] {-1, 1}) {
        for (double a : new double[] {-ax, ax}) {
          p.add(new double[] {s * hw - 0.12 * s - 0.13, 0, a - wheelR, s * hw - 0.12 * s + 0.13, wheelR * 2, a + wheelR, 3});
        }
      }
      parts = new double[p.size()][];
      for (int i = 0; i < p.size(); i++) {
        double[] b = p.get(i);
        parts[i] = alongZ
            ? new double[] {cx + b[0], b[1], cz + b[2], cx + b[3], b[4], cz + b[5], b[6]}
            : new double[] {cx + b[2], b[1], cz + b[0], cx + b[5], b[4], cz + b[3], b[6]};
      }
      double ex = (alongZ ? hw : hl) + 0.1;
      double ez = (alongZ ? hl : hw) + 0.1;
      bounds(cx - ex, 0, cz - ez, cx + ex, height, cz + ez);
    }

    double[] body() {
      return parts[0];
    }

    @Override
    boolean hit(Ray r, double tmax, Hit h) {
      boolean any = false;
      double best = tmax;
      for (double[] b : parts) {
        double t = slab(r, b[0], b[1], b[2], b[3], b[4], b[5], best, face);
        if (!Double.isNaN(t)) {
          best = t;
          any = true;
          int f = face[0];
          h.t = t;
          setNormal(h, f);
          h.cls = cls;
          h.aux = 0;
          double px = r.ox + t * r.dx;
          double py = r.oy + t * r.dy;
          double pz = r.oz + t * r.dz;
          h.u = f <= 1 ? pz : px;
          h.v = py;
          h.mat = material((int) b[6], f, px, py, pz, b);
        }
      }
      return any;
    }

    private int material(int part, int f, double px, double py, double pz, double[] b) {
      if (part == 3) {
        return Mat.TIRE;
      }
      // local frame: a = across (0..width), l = along (0 at the rear .. length at the front)
      boolean endFace = alongZ ? f >= 4 : f <= 1;
      boolean sideFace = alongZ ? f <= 1 : f >= 4;
      double across = alongZ ? px - b[0] : pz - b[2];
      double w = alongZ ? b[3] - b[0] : b[5] - b[2];
      double along = alongZ ? pz - b[2] : px - b[0];
      double len = alongZ ? b[5] - b[2] : b[3] - b[0];
      if (!forward) {
        along = len - along;
      }
      double vy = py - b[1];
      double bh = b[4] - b[1];
      boolean front = endFace && ((f == 5 || f == 1) == forward);
      if (f == 3) {
        return kind == CAR && part == 1 ? Mat.PAINT : Mat.PAINT;
      }
      if (kind == CAR) {
        if (part == 1) {
          // cabin: glass with pillars
          if (endFace) {
            return across < 0.12 || across > w - 0.12 || vy > bh - 0.08 ? Mat.PAINT : Mat.GLASS;
          }
          if (sideFace) {
            double mid = len * 0.5;
            boolean pillar = along < 0.12 || along > len - 0.15 || Math.abs(along - mid) < 0.06 || vy > bh - 0.07;
            return pillar ? Mat.PAINT : Mat.GLASS;
          }
          return Mat.PAINT;
        }
        if (endFace) {
          if (vy < bh * 0.28) {
            return Mat.BUMPER;
          }
          boolean lampRow = vy > bh * 0.55 && vy < bh * 0.85;
          if (lampRow && (across < 0.32 || across > w - 0.32)) {
            return front ? Mat.HEAD : Mat.TAIL;
          }
          if (!front && vy > bh * 0.3 && vy < bh * 0.52 && Math.abs(across - w / 2) < 0.26) {
            return Mat.PLATE;
          }
          if (front && vy > bh * 0.35 && vy < bh * 0.6 && Math.abs(across - w / 2) < 0.4) {
            return Mat.BUMPER;
          }
          return Mat.PAINT;
        }
        if (sideFace && vy < bh * 0.2) {
          return Mat.BUMPER;
        }
        return Mat.PAINT;
      }
      if (kind == BUS) {
        if (endFace) {
          if (front) {
            if (vy > bh * 0.35 && vy < bh * 0.92 && across > 0.1 && across < w - 0.1) {
              return Mat.GLASS;
            }
            return vy > bh * 0.18 && vy < bh * 0.26 && (across < 0.4 || across > w - 0.4) ? Mat.HEAD : Mat.PAINT;
          }
          if (vy > bh * 0.55 && vy < bh * 0.85 && across > 0.25 && across < w - 0.25) {
            return Mat.GLASS;
          }
          return vy > bh * 0.12 && vy < bh * 0.22 && (across < 0.35 || across > w - 0.35) ? Mat.TAIL : Mat.PAINT;
        }
        if (sideFace && vy > bh * 0.45 && vy < bh * 0.88) {
          double wpos = along - Math.floor(along / 1.6) * 1.6;
          return wpos < 0.12 ? Mat.PAINT : Mat.GLASS;
        }
        return vy < bh * 0.06 ? Mat.BUMPER : Mat.PAINT;
      }
      // truck
      if (part == 1) {
        if (endFace && front && vy > bh * 0.55 && vy < bh * 0.92 && across > 0.1 && across < w - 0.1) {
          return Mat.GLASS;
        }
        if (sideFace && vy > bh * 0.55 && vy < bh * 0.9 && along > len - 1.5) {
          return Mat.GLASS;
        }
        if (endFace && front && vy > bh * 0.2 && vy < bh * 0.32 && (across < 0.35 || across > w - 0.35)) {
          return Mat.HEAD;
        }
        return Mat.PAINT;
      }
      if (endFace && !front && vy < bh * 0.12 && (across < 0.3 || across > w - 0.3)) {
        return Mat.TAIL;
      }
      if (endFace && !front && Math.abs(across - w / 2) < 0.03) {
        return Mat.BUMPER; // door seam of the cargo box
      }
      return Mat.PAINT;
    }
  }

  // ------------------------------------------------------------------ ellipsoids (tree crowns)

  /** One lobe of a leafy crown: an ellipsoid with a slightly ragged edge. */
  static final class Crown extends Prim {
    final double cx;
    final double cy;
    final double cz;
    final double rx;
    final double ry;
    final double rz;

    Crown(int cls, double cx, double cy, double cz, double rx, double ry, double rz, int seed) {
      super(cls);
      this.cx = cx;
      this.cy = cy;
      this.cz = cz;
      this.rx = rx;
      this.ry = ry;
      this.rz = rz;
      this.seed = seed;
      bounds(cx - rx, cy - ry, cz - rz, cx + rx, cy + ry, cz + rz);
    }

    @Override
    boolean hit(Ray r, double tmax, Hit h) {
      double ox = (r.ox - cx) / rx;
      double oy = (r.oy - cy) / ry;
      double oz = (r.oz - cz) / rz;
      double dx = r.dx / rx;
      double dy = r.dy / ry;
      double dz = r.dz / rz;
      double a = dx * dx + dy * dy + dz * dz;
      double b = 2 * (ox * dx + oy * dy + oz * dz);
      double c = ox * ox + oy * oy + oz * oz - 1;
      double disc = b * b - 4 * a * c;
      if (disc < 0) {
        return false;
      }
      double sq = Math.sqrt(disc);
      double t = (-b - sq) / (2 * a);
      if (t <= 1e-4 || t >= tmax) {
        return false;
      }
      double px = ox + t * dx;
      double py = oy + t * dy;
      double pz = oz + t * dz;
      // Ragged silhouette: reject grazing hits where leaf noise is low.
      double n = Noise.fbm3(px * 2.6, py * 2.6, pz * 2.6, seed, 3);
      double rim = disc / (b * b + 1e-9); // ~1 face-on, ~0 at the silhouette
      if (rim < 0.08 && n < 0.5) {
        return false; // slightly ragged silhouette; the cluster of spheres gives the overall shape
      }
      h.t = t;
      double nx = px / rx;
      double ny = py / ry;
      double nz = pz / rz;
      double nl = Math.sqrt(nx * nx + ny * ny + nz * nz);
      h.nx = nx / nl;
      h.ny = ny / nl;
      h.nz = nz / nl;
      h.u = cx + px * rx;
      h.v = cy + py * ry;
      h.aux = (int) (n * 255);
      h.cls = cls;
      h.mat = Mat.LEAF;
      return true;
    }
  }

  // ------------------------------------------------------------------ billboards

  /** Flat shapes: people, cyclists, sign plates, fences, the far skyline. */
  static final class Billboard extends Prim {
    static final int PERSON = 0;
    static final int PERSON_SIDE = 1;
    static final int CYCLIST = 2;
    static final int BIKE_SIDE = 3;
    static final int SIGN_CIRCLE = 4;
    static final int SIGN_TRIANGLE = 5;
    static final int SIGN_RECT = 6;
    static final int SIGN_DIAMOND = 7;
    static final int FENCE = 8;
    static final int SKYLINE = 9;
    static final int SIGN_NO_ENTRY = 10;

    final int shape;
    final boolean facingZ;    // plane z = plane (normal -z); otherwise plane x = plane
    final double plane;
    final double c;           // centre along the plane (x for facingZ, z otherwise)
    final double halfW;
    final double base;
    final double height;
    final double phase;

    Billboard(int cls, int shape, boolean facingZ, double plane, double c, double halfW, double base, double height,
        double phase, int seed) {
      super(cls);
      this.shape = shape;
      this.facingZ = facingZ;
      this.plane = plane;
      this.c = c;
      this.halfW = halfW;
      this.base = base;
      this.height = height;
      this.phase = phase;
      this.seed = seed;
      if (facingZ) {
        bounds(c - halfW, base, plane, c + halfW, base + height, plane);
      } else {
        bounds(plane, base, c - halfW, plane, base + height, c + halfW);
      }
    }

    @Override
    boolean hit(Ray r, double tmax, Hit h) {
      double t;
      double along;
      if (facingZ) {
        if (r.dz == 0) {
          return false;
        }
        t = (plane - r.oz) / r.dz;
        if (t <= 1e-4 || t >= tmax) {
          return false;
        }
        along = r.ox + t * r.dx - c;
      } else {
        if (r.dx == 0) {
          return false;
        }
        t = (plane - r.ox) / r.dx;
        if (t <= 1e-4 || t >= tmax) {
          return false;
        }
        along = r.oz + t * r.dz - c;
      }
      double y = r.oy + t * r.dy - base;
      if (y < 0 || y > height || along < -halfW || along > halfW) {
        return false;
      }
      h.cls = cls;
      h.aux = 0;
      int m = mask(along / height, y / height, along, y, h);
      if (m < 0) {
        return false;
      }
      h.t = t;
      if (facingZ) {
        h.nx = 0;
        h.nz = -1;
      } else {
        h.nx = r.dx > 0 ? -1 : 1;
        h.nz = 0;
      }
      h.ny = 0;
      h.u = along;
      h.v = y;
      h.mat = m;
      return true;
    }

    private static boolean ellipse(double x, double y, double cx, double cy, double rx, double ry) {
      double a = (x - cx) / rx;
      double b = (y - cy) / ry;
      return a * a + b * b <= 1;
    }

    /** Material at (a, b) = coordinates in units of height (a across from the centre, b up). */
    private int mask(double a, double b, double along, double y, Hit h) {
      switch (shape) {
        case PERSON:
          return person(a, b, false);
        case PERSON_SIDE:
          return person(a, b, true);
        case CYCLIST: {
          // seen from behind: rider on a bicycle whose wheel is a thin vertical strip
          if (b < 0.36) {
            h.cls = TrainId.BICYCLE;
            return Math.abs(a) < 0.025 ? Mat.TIRE : (b > 0.3 && Math.abs(a) < 0.2 ? Mat.BIKE : -1);
          }
          h.cls = TrainId.RIDER;
          if (b < 0.62) {
            // legs on the pedals
            double spread = 0.08 + 0.03 * StrictMath.sin(phase);
            return Math.abs(Math.abs(a) - spread) < 0.045 ? Mat.CLOTH_BOTTOM : -1;
          }
          if (b < 0.87) {
            return Math.abs(a) < 0.12 + (b - 0.62) * 0.15 ? Mat.CLOTH_TOP : -1;
          }
          if (ellipse(a, b, 0, 0.93, 0.055, 0.065)) {
            return b > 0.955 ? Mat.HAIR : Mat.HAIR;
          }
          return -1;
        }
        case BIKE_SIDE: {
          h.cls = TrainId.BICYCLE;
          double wr = 0.36;
          double d1 = Math.hypot(along + 0.55, y - wr);
          double d2 = Math.hypot(along - 0.55, y - wr);
          if (Math.abs(d1 - wr) < 0.045 || Math.abs(d2 - wr) < 0.045) {
            return Mat.TIRE;
          }
          if (distSeg(along, y, -0.55, wr, -0.05, wr) < 0.03 || distSeg(along, y, -0.05, wr, 0.4, 0.8) < 0.03
              || distSeg(along, y, -0.05, wr, -0.2, 0.85) < 0.03 || distSeg(along, y, -0.2, 0.85, 0.4, 0.8) < 0.03
              || distSeg(along, y, 0.4, 0.8, 0.55, wr) < 0.03 || distSeg(along, y, 0.4, 0.8, 0.38, 0.95) < 0.03) {
            return Mat.BIKE;
          }
          return -1;
        }
        case SIGN_CIRCLE: {
          double rr = Math.hypot(along, y - height / 2) / (height / 2);
          if (rr > 1) {
            return -1;
          }
          return rr > 0.72 ? Mat.SIGN_RED : Mat.SIGN_WHITE;
        }
        case SIGN_NO_ENTRY: {
          double rr = Math.hypot(along, y - height / 2) / (height / 2);
          if (rr > 1) {
            return -1;
          }
          return Math.abs(y - height / 2) < height * 0.09 && Math.abs(along) < height * 0.33 ? Mat.SIGN_WHITE : Mat.SIGN_RED;
        }
        case SIGN_TRIANGLE: {
          double yy = y / height;
          double half = (1 - yy) * 0.577 * 1.0;
          double ax = Math.abs(along) / height;
          if (ax > half) {
            return -1;
          }
          double inner = (1 - (yy - 0.16) * 1.25) * 0.577 * 0.62;
          return yy > 0.16 && yy < 0.8 && ax < inner ? Mat.SIGN_WHITE : Mat.SIGN_RED;
        }
        case SIGN_RECT: {
          double ax = Math.abs(along) / halfW;
          double ay = Math.abs(y - height / 2) / (height / 2);
          return ax > 0.85 || ay > 0.85 ? Mat.SIGN_WHITE : Mat.SIGN_BLUE;
        }
        case SIGN_DIAMOND: {
          double d = Math.abs(along) + Math.abs(y - height / 2);
          if (d > height / 2) {
            return -1;
          }
          return d > height * 0.36 ? Mat.SIGN_WHITE : Mat.SIGN_YELLOW;
        }
        case FENCE: {
          double p = along - Math.floor(along / 0.14) * 0.14;
          boolean bar = p < 0.035;
          boolean rail = Math.abs(y - height + 0.06) < 0.05 || Math.abs(y - 0.15) < 0.04;
          boolean post = along - Math.floor(along / 2.5) * 2.5 < 0.08;
          return bar || rail || post ? Mat.FENCE : -1;
        }
        case SKYLINE: {
          double cell = Math.floor(along / 14.0);
          double hgt = height * (0.25 + 0.75 * Noise.h01((int) cell, 7, 0, seed));
          if (Noise.h01((int) cell, 9, 0, seed) < 0.18) {
            hgt *= 0.35; // low stretch
          }
          if (y > hgt) {
            return -1;
          }
          h.aux = (int) cell;
          return Mat.FAR;
        }
        default:
          return -1;
      }
    }

    private int person(double a, double b, boolean side) {
      double stride = StrictMath.sin(phase);
      if (b > 0.87) {
        if (ellipse(a, b, side ? 0.012 : 0, 0.935, 0.058, 0.068)) {
          return b > 0.965 || (side && a < -0.03) ? Mat.HAIR : Mat.SKIN;
        }
        return -1;
      }
      if (b > 0.84) {
        return Math.abs(a) < 0.03 ? Mat.SKIN : -1;
      }
      if (b > 0.47) {
        double torsoHalf = side ? 0.075 : 0.115 - (0.84 - b) * 0.05;
        if (Math.abs(a) < torsoHalf) {
          return Mat.CLOTH_TOP;
        }
        // arms
        if (!side && b > 0.5 && Math.abs(a) < torsoHalf + 0.05 && Math.abs(a) > torsoHalf + 0.005) {
          return b < 0.54 ? Mat.SKIN : Mat.CLOTH_TOP;
        }
        if (side) {
          double armX = stride * (0.82 - b) * 0.35;
          if (Math.abs(a - armX) < 0.035 && b > 0.52) {
            return b < 0.56 ? Mat.SKIN : Mat.CLOTH_TOP;
          }
        }
        return -1;
      }
      // legs
      if (side) {
        double swing = stride * (0.47 - b) * 0.45;
        boolean l1 = Math.abs(a - swing) < 0.045;
        boolean l2 = Math.abs(a + swing) < 0.045;
        if (l1 || l2) {
          return b < 0.035 ? Mat.SHOE : Mat.CLOTH_BOTTOM;
        }
        return -1;
      }
      double gap = 0.012 + 0.02 * Math.abs(stride) * (0.47 - b) / 0.47;
      double outer = 0.1 - (0.47 - b) * 0.04;
      if (Math.abs(a) < outer && Math.abs(a) > gap) {
        return b < 0.035 ? Mat.SHOE : Mat.CLOTH_BOTTOM;
      }
      return -1;
    }

    private static double distSeg(double px, double py, double ax, double ay, double bx, double by) {
      double vx = bx - ax;
      double vy = by - ay;
      double t = ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy);
      t = Math.max(0, Math.min(1, t));
      return Math.hypot(px - ax - t * vx, py - ay - t * vy);
    }
  }

  /** A traffic-light housing: the face towards the camera shows three lamps. */
  static final class TrafficLight extends BoxPrim {
    final int state; // 0 red, 1 amber, 2 green

    TrafficLight(double cx, double y0, double cz, int state) {
      super(TrainId.TRAFFIC_LIGHT, cx - 0.17, y0, cz - 0.12, cx + 0.17, y0 + 0.95, cz + 0.12);
      this.state = state;
    }

    @Override
    int material(int f, double px, double py, double pz, Hit h) {
      if (f != 4) {
        return Mat.TL_BODY;
      }
      double cx = (x0 + x1) / 2;
      double span = y1 - y0;
      for (int k = 0; k < 3; k++) {
        double cy = y1 - span * (0.2 + 0.3 * k);
        if (Math.hypot(px - cx, py - cy) < 0.11) {
          if (k == state) {
            return k == 0 ? Mat.TL_RED : k == 1 ? Mat.TL_AMBER : Mat.TL_GREEN;
          }
          h.aux = 1;
          return Mat.TL_BODY;
        }
      }
      return Mat.TL_BODY;
    }
  }
}
