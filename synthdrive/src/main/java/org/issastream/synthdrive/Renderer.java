package org.issastream.synthdrive;

import java.util.List;
import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/**
 * Ray-casts a {@link Layout} into a supersampled G-buffer (class, material, depth, normal, surface
 * coordinates), shades it for a condition and place, applies weather overlays and camera effects,
 * and downsamples to the output image. Labels come from the G-buffer alone. One instance per
 * render: not shared between threads.
 */
final class Renderer {
  private final Layout layout;
  private final Condition condition;
  private final Place place;
  private final Look.Palette pal;
  private final Look.Atmos atm;
  private final int outW;
  private final int outH;
  private final int ss;
  private final int w;
  private final int h;
  private final double f;
  private final double cx;
  private final double cy;
  private final double cos;
  private final double sin;
  private final int seedBits;

  Renderer(Layout layout, Condition condition, Place place, int width, int height) {
    this.layout = layout;
    this.condition = condition;
    this.place = place;
    this.pal = Look.palette(place);
    this.atm = Look.atmos(condition, layout);
    this.outW = width;
    this.outH = height;
    this.ss = 2; // 2x2 supersampling: anti-aliased edges, 4 label votes per pixel
    this.w = width * ss;
    this.h = height * ss;
    this.f = layout.focalFrac * w;
    this.cx = w / 2.0;
    this.cy = layout.horizonFrac * h;
    this.cos = StrictMath.cos(layout.yaw);
    this.sin = StrictMath.sin(layout.yaw);
    this.seedBits = (int) (layout.seed ^ (layout.seed >>> 32)) * 31 + condition.ordinal();
  }

  /** The G-buffer of one camera. */
  static final class GBuffer {
    final byte[] cls;
    final byte[] mat;
    final int[] prim;
    final float[] t;
    final float[] nx;
    final float[] ny;
    final float[] nz;
    final float[] u;
    final float[] v;
    final int[] aux;

    GBuffer(int n) {
      cls = new byte[n];
      mat = new byte[n];
      prim = new int[n];
      t = new float[n];
      nx = new float[n];
      ny = new float[n];
      nz = new float[n];
      u = new float[n];
      v = new float[n];
      aux = new int[n];
    }
  }

  // ------------------------------------------------------------------ camera

  private void ray(World.Ray r, int px, int py, boolean mirror) {
    double sx = (px + 0.5 - cx) / f;
    double sy = -(py + 0.5 - cy) / f;
    if (mirror) {
      sy = -sy;
    }
    r.ox = 0;
    r.oy = mirror ? -layout.camH : layout.camH;
    r.oz = 0;
    r.dx = sx * cos + sin;
    r.dy = sy;
    r.dz = -sx * sin + cos;
  }

  /** Screen bbox {x0, y0, x1, y1} (inclusive-exclusive), or null when off screen. */
  private int[] bbox(World.Prim p, boolean mirror) {
    if (p.isGround()) {
      int y0 = Math.max(0, (int) Math.floor(cy) - 1);
      return y0 >= h ? null : new int[] {0, y0, w, h};
    }
    double oy = mirror ? -layout.camH : layout.camH;
    double ys = mirror ? -1 : 1;
    double[] xc = new double[8];
    double[] yc = new double[8];
    double[] zc = new double[8];
    for (int k = 0; k < 8; k++) {
      double x = (k & 1) == 0 ? p.bx0 : p.bx1;
      double y = (k & 2) == 0 ? p.by0 : p.by1;
      double z = (k & 4) == 0 ? p.bz0 : p.bz1;
      xc[k] = x * cos - z * sin;
      zc[k] = x * sin + z * cos;
      yc[k] = y - oy;
    }
    // Project the box clipped at the near plane: corners in front plus edge/plane intersections.
    final double near = 0.05;
    double[] ext = {1e30, -1e30, 1e30, -1e30};
    boolean any = false;
    for (int k = 0; k < 8; k++) {
      if (zc[k] >= near) {
        extend(ext, cx + f * xc[k] / zc[k], cy - ys * f * yc[k] / zc[k]);
        any = true;
      }
      for (int bit = 1; bit < 8; bit <<= 1) {
        int m = k | bit;
        if (m == k) {
          continue;
        }
        if ((zc[k] >= near) != (zc[m] >= near)) {
          double t = (near - zc[k]) / (zc[m] - zc[k]);
          double ix = xc[k] + (xc[m] - xc[k]) * t;
          double iy = yc[k] + (yc[m] - yc[k]) * t;
          extend(ext, cx + f * ix / near, cy - ys * f * iy / near);
          any = true;
        }
      }
    }
    if (!any) {
      return null;
    }
    double minX = ext[0];
    double maxX = ext[1];
    double minY = ext[2];
    double maxY = ext[3];
    int x0 = (int) Math.max(0, Math.floor(minX) - 1);
    int x1 = (int) Math.min(w, Math.ceil(maxX) + 2);
    int y0 = (int) Math.max(0, Math.floor(minY) - 1);
    int y1 = (int) Math.min(h, Math.ceil(maxY) + 2);
    if (x0 >= x1 || y0 >= y1) {
      return null;
    }
    return new int[] {x0, y0, x1, y1};
  }

  private static void extend(double[] e, double x, double y) {
    e[0] = Math.min(e[0], x);
    e[1] = Math.max(e[1], x);
    e[2] = Math.min(e[2], y);
    e[3] = Math.max(e[3], y);
  }

  GBuffer raster(boolean mirror) {
    int n = w * h;
    GBuffer g = new GBuffer(n);
    java.util.Arrays.fill(g.t, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(g.prim, -1);
    java.util.Arrays.fill(g.cls, (byte) TrainId.SKY);
    World.Ray r = new World.Ray();
    World.Hit hit = new World.Hit();
    List<World.Prim> prims = layout.prims;
    for (int pi = 0; pi < prims.size(); pi++) {
      World.Prim p = prims.get(pi);
      if (mirror && !p.reflects()) {
        continue;
      }
      int[] bb = bbox(p, mirror);
      if (bb == null) {
        continue;
      }
      for (int py = bb[1]; py < bb[3]; py++) {
        for (int px = bb[0]; px < bb[2]; px++) {
          int i = py * w + px;
          ray(r, px, py, mirror);
          double tmax = g.t[i];
          if (p.hit(r, tmax, hit) && hit.t < tmax) {
            g.t[i] = (float) hit.t;
            g.cls[i] = (byte) hit.cls;
            g.mat[i] = (byte) hit.mat;
            g.prim[i] = pi;
            g.nx[i] = (float) hit.nx;
            g.ny[i] = (float) hit.ny;
            g.nz[i] = (float) hit.nz;
            g.u[i] = (float) hit.u;
            g.v[i] = (float) hit.v;
            g.aux[i] = hit.aux;
          }
        }
      }
    }
    return g;
  }

  // ------------------------------------------------------------------ rendering

  /** The label alone (no shading): the same map {@link #render} returns. */
  LabelMap labelOnly() {
    return labels(raster(false));
  }

  Scene render() {
    GBuffer g = raster(false);
    double[] col = shade(g, false, null);
    if (atm.wet > 0) {
      GBuffer m = raster(true);
      double[] refl = shade(m, true, null);
      // rough wet asphalt smears reflections vertically
      double[] tmp = new double[refl.length];
      int rad = Math.max(1, h / 64);
      blurSs(refl, tmp, rad, false);
      blurSs(tmp, refl, 1, true);
      applyWet(g, col, refl);
    }
    if (atm.rainStreaks > 0) {
      rain(col);
    }
    if (atm.flakes > 0) {
      snowFlakes(col);
    }
    double[] small = downsample(col);
    bloom(small);
    RgbImage image = finish(small);
    LabelMap label = labels(g);
    SceneInfo info = new SceneInfo(layout.seed, condition, place, outW, outH, layout.counts);
    return new Scene(image, label, info);
  }


  private double[] shade(GBuffer g, boolean mirror, double[] into) {
    int n = w * h;
    double[] col = into != null ? into : new double[n * 3];
    World.Ray r = new World.Ray();
    double[] c = new double[3];
    for (int py = 0; py < h; py++) {
      for (int px = 0; px < w; px++) {
        int i = py * w + px;
        ray(r, px, py, mirror);
        shadeSample(g, i, r, c, mirror);
        col[i * 3] = c[0];
        col[i * 3 + 1] = c[1];
        col[i * 3 + 2] = c[2];
      }
    }
    return col;
  }

  private void sky(World.Ray r, double[] out) {
    double len = Math.sqrt(r.dx * r.dx + r.dy * r.dy + r.dz * r.dz);
    double e = r.dy / len;
    double k = Math.max(0, Math.min(1, e * 2.2));
    double k2 = Math.sqrt(k);
    for (int j = 0; j < 3; j++) {
      out[j] = atm.skyHorizon[j] + (atm.skyTop[j] - atm.skyHorizon[j]) * k2;
    }
    if (e < 0) {
      for (int j = 0; j < 3; j++) {
        out[j] = atm.fog[j];
      }
      return;
    }
    // sun glow
    if (atm.sun[0] > 0) {
      double cosA = (r.dx * atm.sunDir[0] + r.dy * atm.sunDir[1] + r.dz * atm.sunDir[2]) / len;
      if (cosA > 0) {
        double c2 = cosA * cosA;
        double c4 = c2 * c2;
        double c8 = c4 * c4;
        double c16 = c8 * c8;
        double c128 = c16 * c16 * c16 * c16 * c16 * c16 * c16 * c16;
        double g = c8 * c4 * 0.35 + c128 * c128 * c128 * c16 * 4;
        for (int j = 0; j < 3; j++) {
          out[j] += atm.sun[j] * g * 0.3;
        }
      }
    }
    // clouds on a plane 1 km up
    if (atm.cloudCover > 0 && e > 0.005) {
      double s = 1000 / (r.dy / len);
      double qx = r.dx / len * s * 0.0012 + 3.7;
      double qz = r.dz / len * s * 0.0012;
      double nse = Noise.fbm(qx, qz * 1.7, layout.skySeed, 4);
      double cover = atm.cloudCover;
      double a = Math.max(0, Math.min(1, (nse - (1 - cover) * 0.7 - 0.25) * 3));
      a *= Math.min(1, e * 8);
      double shadeK = 0.75 + 0.5 * Noise.fbm(qx * 2.1, qz * 3.1, layout.skySeed + 5, 2);
      for (int j = 0; j < 3; j++) {
        out[j] = out[j] * (1 - a) + atm.cloud[j] * shadeK * a;
      }
    }
    if (condition == Condition.NIGHT) {
      // sparse stars
      int sx = (int) Math.floor(r.dx / len * 900);
      int sy = (int) Math.floor(e * 900);
      if (Noise.h01(sx, sy, 11, layout.skySeed) > 0.9985 && e > 0.08) {
        out[0] += 0.12;
        out[1] += 0.12;
        out[2] += 0.14;
      }
    }
  }

  private static double clamp01(double x) {
    return x < 0 ? 0 : (x > 1 ? 1 : x);
  }

  private static double smooth(double a, double b, double x) {
    double t = clamp01((x - a) / (b - a));
    return t * t * (3 - 2 * t);
  }

  private static void set(double[] c, double[] a, double k) {
    c[0] = a[0] * k;
    c[1] = a[1] * k;
    c[2] = a[2] * k;
  }

  private static double[] pick(double[][] arr, double r) {
    return arr[Math.min(arr.length - 1, (int) (r * arr.length))];
  }

  private final double[] alb = new double[3];
  private final double[] emi = new double[3];
  private final World.Ray shadowRay = new World.Ray();
  private final int[] faceTmp = new int[1];

  private void shadeSample(GBuffer g, int i, World.Ray r, double[] out, boolean mirror) {
    int pi = g.prim[i];
    if (pi < 0) {
      sky(r, out);
      return;
    }
    World.Prim p = layout.prims.get(pi);
    int mat = g.mat[i];
    double t = g.t[i];
    double px = r.ox + t * r.dx;
    double py = r.oy + t * r.dy;
    double pz = r.oz + t * r.dz;
    double nx = g.nx[i];
    double ny = g.ny[i];
    double nz = g.nz[i];
    double u = g.u[i];
    double v = g.v[i];
    int aux = g.aux[i];
    emi[0] = emi[1] = emi[2] = 0;
    double gloss = 0;
    albedo(p, mat, px, py, pz, u, v, aux, ny);
    if (mat == Mat.GLASS) {
      gloss = 0.12;
    } else if (mat == Mat.WINDOW || mat == Mat.SHOP) {
      gloss = 0.05 + 0.1 * Noise.h01(aux, 2, 9, p.seed);
    } else if (mat == Mat.PAINT) {
      gloss = 0.07;
    } else if (mat == Mat.HOOD) {
      gloss = 0.16;
    }
    // snow cover on up-facing surfaces
    if (atm.snow > 0) {
      double cover = 0;
      if (mat == Mat.HOOD) {
        cover = 0.25; // a running engine melts most of it
      } else if (ny > 0.6) {
        if (mat == Mat.ROAD || mat == Mat.MARK || mat == Mat.MARK_YELLOW) {
          cover = roadSnow(px, pz);
        } else {
          cover = 0.92;
        }
      } else if (mat == Mat.LEAF) {
        cover = smooth(-0.1, 0.6, ny) * 0.85;
      } else if (mat == Mat.HEDGE && v > p.by1 - 0.15) {
        cover = 0.9;
      } else if (ny > 0.2) {
        cover = 0.6;
      }
      if (cover > 0) {
        double nse = Noise.value(px * 3.1, pz * 3.1, 77);
        cover = clamp01(cover + (nse - 0.5) * 0.35) * atm.snow;
        alb[0] = alb[0] * (1 - cover) + 0.82 * cover;
        alb[1] = alb[1] * (1 - cover) + 0.85 * cover;
        alb[2] = alb[2] * (1 - cover) + 0.9 * cover;
      }
    }
    // light
    double sky = 0.55 + 0.45 * ny;
    double lr = atm.ambient[0] * sky;
    double lg = atm.ambient[1] * sky;
    double lb = atm.ambient[2] * sky;
    if (atm.sun[0] > 0) {
      double nl = nx * atm.sunDir[0] + ny * atm.sunDir[1] + nz * atm.sunDir[2];
      if (nl > 0 && !inShadow(px + nx * 0.02, py + ny * 0.02, pz + nz * 0.02)) {
        lr += atm.sun[0] * nl;
        lg += atm.sun[1] * nl;
        lb += atm.sun[2] * nl;
      }
    }
    if (ny > 0.6 && py < 0.5) {
      double ao = contactShadow(px, pz);
      lr *= ao;
      lg *= ao;
      lb *= ao;
    }
    if (atm.lights) {
      double[] add = artificial(px, py, pz, nx, ny, nz);
      lr += add[0];
      lg += add[1];
      lb += add[2];
    }
    out[0] = alb[0] * lr + emi[0];
    out[1] = alb[1] * lg + emi[1];
    out[2] = alb[2] * lb + emi[2];
    if (gloss > 0) {
      // cheap environment reflection: the sky colour towards the horizon
      for (int j = 0; j < 3; j++) {
        out[j] += gloss * (atm.skyHorizon[j] * 0.6 + atm.skyTop[j] * 0.4);
      }
    }
    // atmosphere
    double len = Math.sqrt(r.dx * r.dx + r.dy * r.dy + r.dz * r.dz);
    double dist = t * len;
    double tr = Tone.expNeg(dist / atm.fogDist);
    double fogK = 1 - tr;
    double fr = atm.fog[0];
    double fg = atm.fog[1];
    double fb = atm.fog[2];
    if (atm.lights && condition == Condition.NIGHT) {
      fogK *= 0.6;
    }
    out[0] = out[0] * tr + fr * fogK;
    out[1] = out[1] * tr + fg * fogK;
    out[2] = out[2] * tr + fb * fogK;
  }

  private double roadSnow(double x, double z) {
    // packed snow with darker tyre tracks in each lane
    World.Ground gr = layout.ground;
    double rel = x - gr.divider();
    double lane = rel / gr.laneW;
    double fr = lane - Math.floor(lane);
    double track = Math.min(Math.abs(fr - 0.27), Math.abs(fr - 0.73));
    double inTrack = 1 - smooth(0.04, 0.09, track);
    if (x < -gr.left || x > gr.right) {
      inTrack = 0;
    }
    return 0.9 - 0.75 * inTrack;
  }

  private boolean inShadow(double x, double y, double z) {
    World.Ray s = shadowRay;
    s.ox = x;
    s.oy = y;
    s.oz = z;
    s.dx = atm.sunDir[0];
    s.dy = atm.sunDir[1];
    s.dz = atm.sunDir[2];
    double sy = atm.sunDir[1];
    for (double[] b : layout.occluders) {
      if (b[4] <= y) {
        continue; // the shadow ray only rises
      }
      double reach = (b[4] - y) / sy;
      double ex = x + s.dx * reach;
      double ez = z + s.dz * reach;
      if (Math.max(x, ex) < b[0] || Math.min(x, ex) > b[3] || Math.max(z, ez) < b[2] || Math.min(z, ez) > b[5]) {
        continue;
      }
      if (!Double.isNaN(World.slab(s, b[0], b[1], b[2], b[3], b[4], b[5], 1e6, faceTmp))) {
        return true;
      }
    }
    return false;
  }

  private double contactShadow(double x, double z) {
    double k = 1;
    for (World.Vehicle veh : layout.vehicles) {
      double[] b = veh.body();
      if (z < b[2] - 0.8 || z > b[5] + 0.8 || x < b[0] - 0.8 || x > b[3] + 0.8) {
        continue;
      }
      double dx = Math.max(Math.max(b[0] - x, x - b[3]), 0);
      double dz = Math.max(Math.max(b[2] - z, z - b[5]), 0);
      double d = Math.sqrt(dx * dx + dz * dz);
      if (d < 0.8) {
        k = Math.min(k, 0.25 + 0.75 * smooth(0, 0.8, d));
      }
    }
    return k;
  }

  private final double[] artTmp = new double[3];

  /** Street lamps and headlights (dusk, night). */
  private double[] artificial(double x, double y, double z, double nx, double ny, double nz) {
    double[] a = artTmp;
    a[0] = a[1] = a[2] = 0;
    double[] lc = pal.lampNight;
    for (double[] l : layout.lamps) {
      double dx = l[0] - x;
      double dy = l[1] - y;
      double dz = l[2] - z;
      double d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > 2500) {
        continue;
      }
      double d = Math.sqrt(d2);
      double nl = (nx * dx + ny * dy + nz * dz) / d;
      if (nl <= 0) {
        continue;
      }
      double down = dy / d; // lamps shine downwards
      double cone = down > 0 ? 0.25 + 0.75 * down * down : 0.05;
      double k = atm.lampI * nl * cone / (d2 * 0.12 + 1);
      a[0] += lc[0] * k;
      a[1] += lc[1] * k;
      a[2] += lc[2] * k;
    }
    // ego headlights: a cone ahead along the road
    if (z > 1) {
      double dx = x;
      double dy = y - 0.7;
      double d2 = dx * dx + dy * dy + z * z;
      double d = Math.sqrt(d2);
      double ax = Math.abs(dx) / z;
      double beam = (1 - smooth(0.18, 0.45, ax)) * (dy < 0 ? 1 : smooth(0.15, 0, dy / z));
      double nl = Math.max(0, -(nx * dx + ny * dy + nz * z) / d);
      double k = 30 * beam * nl / (d2 * 0.25 + 4);
      a[0] += 1.0 * k;
      a[1] += 0.95 * k;
      a[2] += 0.85 * k;
    }
    // oncoming headlights
    for (World.Vehicle veh : layout.vehicles) {
      if (veh.forward || !veh.alongZ || veh.cz > 80) {
        continue;
      }
      double lz = veh.cz - veh.length / 2;
      double dzz = lz - z;
      if (dzz < 0.5) {
        continue;
      }
      double dx = veh.cx - x;
      double dy = 0.7 - y;
      double d2 = dx * dx + dy * dy + dzz * dzz;
      double beam = 1 - smooth(0.15, 0.4, Math.abs(dx) / dzz);
      double nl = Math.max(0, (nx * dx + ny * dy + nz * dzz) / Math.sqrt(d2));
      double k = 18 * beam * nl / (d2 * 0.25 + 4);
      a[0] += k;
      a[1] += 0.95 * k;
      a[2] += 0.85 * k;
    }
    return a;
  }

  /** Sets alb (and emi) for a sample. */
  private void albedo(World.Prim p, int mat, double px, double py, double pz, double u, double v, int aux, double ny) {
    double[] a = alb;
    switch (mat) {
      case Mat.ROAD -> {
        double k = 1 + pal.roadVar * (Noise.fbm(px * 0.35, pz * 0.12, 101, 3) - 0.5) * 2;
        k *= 0.94 + 0.12 * Noise.h01((int) Math.floor(px * 20), (int) Math.floor(pz * 20), 1, 5);
        if (pal.cobbles) {
          double sx = px / 0.22;
          double row = Math.floor(pz / 0.16);
          double sxo = sx + (((int) row & 1) == 0 ? 0 : 0.5);
          double fx = sxo - Math.floor(sxo);
          double fz = pz / 0.16 - row;
          double joint = Math.min(Math.min(fx, 1 - fx) * 0.22, Math.min(fz, 1 - fz) * 0.16);
          k *= 0.6 + 0.4 * smooth(0.0, 0.025, joint);
          k *= 0.85 + 0.3 * Noise.h01((int) Math.floor(sxo), (int) row, 3, 9);
        }
        // darker, polished wheel tracks
        World.Ground gr = layout.ground;
        double lane = (px - gr.divider()) / gr.laneW;
        double fr = lane - Math.floor(lane);
        double tr = Math.min(Math.abs(fr - 0.27), Math.abs(fr - 0.73));
        k *= 0.9 + 0.1 * smooth(0.03, 0.1, tr);
        k *= 0.93 + 0.07 * smooth(0.08, 0.22, Math.abs(fr - 0.5)); // oil down the lane centre
        // repair patches
        int cx = (int) Math.floor(px / 3.5);
        int cz = (int) Math.floor(pz / 7.0);
        if (Noise.h01(cx, cz, 17, 3) < 0.12) {
          double ox = px / 3.5 - cx;
          double oz = pz / 7.0 - cz;
          if (ox > 0.15 && ox < 0.85 && oz > 0.2 && oz < 0.75) {
            k *= 0.82 + 0.3 * Noise.h01(cx, cz, 18, 3);
          }
        }
        // gutter along the curbs
        double toEdge = Math.min(px + gr.left, gr.right - px);
        if (toEdge >= 0 && toEdge < 0.45) {
          k *= 0.85 + 0.15 * toEdge / 0.45;
        }
        set(a, pal.road, k);
      }
      case Mat.MARK, Mat.MARK_YELLOW -> {
        double wear = 0.75 + 0.25 * Noise.fbm(px * 2, pz * 0.7, 303, 2);
        set(a, mat == Mat.MARK ? pal.mark : pal.centre, wear * 0.8);
      }
      case Mat.SIDEWALK -> {
        double s = pal.paver;
        double fx = px / s - Math.floor(px / s);
        double fz = pz / s - Math.floor(pz / s);
        double j = Math.min(Math.min(fx, 1 - fx), Math.min(fz, 1 - fz)) * s;
        double k = 0.8 + 0.2 * smooth(0, 0.02, j);
        k *= 0.9 + 0.2 * Noise.fbm(px * 0.5, pz * 0.5, 404, 2);
        k *= 0.95 + 0.1 * Noise.h01((int) Math.floor(px / s), (int) Math.floor(pz / s), 4, 4);
        set(a, pal.sidewalk, k);
      }
      case Mat.CURB -> set(a, pal.curb, 0.9);
      case Mat.TERRAIN -> {
        double n1 = Noise.fbm(px * 0.3, pz * 0.3, 505, 3);
        double dry = smooth(0.45, 0.75, n1);
        for (int j = 0; j < 3; j++) {
          a[j] = pal.terrain[j] * (1 - dry) + pal.terrainDry[j] * dry;
        }
        double k = 0.8 + 0.4 * Noise.h01((int) Math.floor(px * 8), (int) Math.floor(pz * 8), 5, 5);
        a[0] *= k;
        a[1] *= k;
        a[2] *= k;
      }
      case Mat.FACADE, Mat.CORNICE, Mat.AWNING, Mat.DOOR -> {
        double[] base = pick(pal.facades, p.r1);
        double k = 0.85 + 0.3 * p.r2;
        double stain = Noise.fbm(u * 0.25 + p.r3 * 50, v * 0.35, p.seed, 3);
        k *= 0.85 + 0.3 * stain;
        set(a, base, k);
        if (mat == Mat.CORNICE) {
          a[0] = Math.min(0.9, a[0] * pal.corniceTint);
          a[1] = Math.min(0.9, a[1] * pal.corniceTint);
          a[2] = Math.min(0.9, a[2] * pal.corniceTint);
        } else if (mat == Mat.DOOR) {
          set(a, pal.door, 1);
        } else if (mat == Mat.AWNING) {
          double[] aw = pick(pal.awnings, Noise.h01(aux, 1, 2, p.seed));
          set(a, aw, 1);
        }
      }
      case Mat.WINDOW, Mat.SHOP -> {
        boolean reveal = (aux & (1 << 20)) != 0;
        aux &= ~(1 << 20);
        double hsh = Noise.h01(aux, 5, 6, p.seed);
        double k = (0.7 + 0.6 * hsh) * (reveal ? 0.55 : 1);
        set(a, pal.glass, k);
        if (p instanceof World.Building b && b.curtainWall) {
          a[0] = a[0] * 0.7 + 0.04;
          a[1] = a[1] * 0.7 + 0.07;
          a[2] = a[2] * 0.7 + 0.11;
        }
        if (atm.lights) {
          double lit = Noise.h01(aux, 9, 1, p.seed);
          double frac = mat == Mat.SHOP ? 0.75 : atm.litFrac;
          if (lit < frac) {
            double warm = Noise.h01(aux, 3, 3, p.seed);
            double inten = (mat == Mat.SHOP ? 1.8 : 1.1) * (0.5 + hsh);
            emi[0] = inten * 1.0;
            emi[1] = inten * (0.62 + 0.2 * warm);
            emi[2] = inten * (0.28 + 0.35 * warm);
            // curtains / frames break the glow
            double shadeK = 0.6 + 0.4 * Noise.value(u * 3, v * 3, aux);
            emi[0] *= shadeK;
            emi[1] *= shadeK;
            emi[2] *= shadeK;
          }
        }
      }
      case Mat.FRAME -> set(a, pal.frame, 0.9);
      case Mat.FAR -> {
        set(a, pal.far, 0.8 + 0.4 * Noise.h01(aux, 1, 1, layout.skySeed));
        if (atm.lights && Noise.h01((int) Math.floor(u / 2.5), (int) Math.floor(v / 3.2), aux, layout.skySeed) < 0.12) {
          emi[0] = 0.6;
          emi[1] = 0.42;
          emi[2] = 0.2;
        }
      }
      case Mat.LEAF -> {
        double[] base = pick(pal.leaves, p.r1);
        double k = 0.45 + 0.9 * (aux / 255.0);
        k *= 0.8 + 0.4 * Noise.value3(px * 6, py * 6, pz * 6, p.seed);
        set(a, base, k);
      }
      case Mat.TRUNK -> set(a, pal.trunk, 1);
      case Mat.HEDGE -> {
        double k = 0.6 + 0.7 * Noise.fbm3(px * 3, py * 3, pz * 3, p.seed, 2);
        set(a, pal.hedge, k);
      }
      case Mat.WALL -> {
        double k = 0.85 + 0.3 * Noise.fbm(u * 0.8, v * 0.8, 606, 2);
        set(a, pal.wall, k);
      }
      case Mat.FENCE -> set(a, pal.fence, 1);
      case Mat.PAINT -> {
        double[] paint = pick(Look.CAR_PAINTS, p.r1);
        set(a, paint, 1);
        if (p.cls == TrainId.BUS) {
          set(a, pick(Look.BUS_PAINTS, p.r1), 1);
        } else if (p.cls == TrainId.TRUCK) {
          set(a, pick(Look.TRUCK_PAINTS, p.r1), 1);
        }
      }
      case Mat.GLASS -> set(a, new double[] {0.02, 0.025, 0.03}, 1);
      case Mat.HOOD -> set(a, pick(Look.HOOD_PAINTS, p.r1), 0.6 + 0.4 * smooth(0.5, 2.5, v));
      case Mat.TAIL -> {
        set(a, new double[] {0.45, 0.02, 0.02}, 1);
        if (atm.lights) {
          emi[0] = 2.2;
          emi[1] = 0.08;
          emi[2] = 0.05;
        }
      }
      case Mat.HEAD -> {
        set(a, new double[] {0.55, 0.55, 0.55}, 1);
        if (atm.lights || atm.wet > 0 || condition == Condition.FOG) {
          double k = atm.lights ? 5.0 : 1.5;
          emi[0] = k;
          emi[1] = k * 0.96;
          emi[2] = k * 0.88;
        }
      }
      case Mat.TIRE -> set(a, new double[] {0.018, 0.018, 0.02}, 1);
      case Mat.PLATE -> set(a, pal.plate, 0.9);
      case Mat.BUMPER -> set(a, new double[] {0.04, 0.04, 0.045}, 1);
      case Mat.METAL -> set(a, pal.metal, 1);
      case Mat.LAMP -> {
        set(a, new double[] {0.6, 0.6, 0.58}, 1);
        if (atm.lights) {
          double k = condition == Condition.NIGHT ? 8 : 5;
          emi[0] = pal.lampNight[0] * k;
          emi[1] = pal.lampNight[1] * k;
          emi[2] = pal.lampNight[2] * k;
        }
      }
      case Mat.SIGN_RED -> retro(new double[] {0.5, 0.02, 0.02});
      case Mat.SIGN_WHITE -> retro(new double[] {0.75, 0.75, 0.72});
      case Mat.SIGN_BLUE -> retro(new double[] {0.02, 0.1, 0.45});
      case Mat.SIGN_YELLOW -> retro(new double[] {0.75, 0.5, 0.02});
      case Mat.SIGN_BACK -> set(a, pal.metal, 1);
      case Mat.TL_BODY -> set(a, new double[] {0.025, 0.025, 0.025}, 1);
      case Mat.TL_RED -> lamp(2.6, 0.12, 0.05);
      case Mat.TL_AMBER -> lamp(2.6, 1.2, 0.05);
      case Mat.TL_GREEN -> lamp(0.1, 2.3, 1.0);
      case Mat.SKIN -> set(a, pick(Look.SKIN, p.r2), 0.8);
      case Mat.HAIR -> set(a, pick(Look.HAIR, p.r3), 1);
      case Mat.CLOTH_TOP -> set(a, pick(Look.CLOTHES, p.r1), 1);
      case Mat.CLOTH_BOTTOM -> set(a, pick(Look.TROUSERS, p.r2), 1);
      case Mat.SHOE -> set(a, new double[] {0.03, 0.03, 0.03}, 1);
      case Mat.BIKE -> set(a, pick(Look.CLOTHES, p.r1), 0.8);
      default -> set(a, new double[] {0.5, 0.0, 0.5}, 1);
    }
  }

  private void retro(double[] c) {
    set(alb, c, 1);
    if (atm.lights) {
      // retroreflective sheeting returns the headlights
      emi[0] = c[0] * 0.35;
      emi[1] = c[1] * 0.35;
      emi[2] = c[2] * 0.35;
    }
  }

  private void lamp(double r, double g, double b) {
    set(alb, new double[] {0.05, 0.05, 0.05}, 1);
    double k = atm.lights ? 1.6 : 1.0;
    emi[0] = r * k;
    emi[1] = g * k;
    emi[2] = b * k;
  }

  /** Box blur of a supersampled buffer along one axis. */
  private void blurSs(double[] src, double[] dst, int rad, boolean horizontal) {
    int len = horizontal ? w : h;
    int lines = horizontal ? h : w;
    double norm = 1.0 / (2 * rad + 1);
    for (int line = 0; line < lines; line++) {
      for (int c = 0; c < 3; c++) {
        double acc = 0;
        for (int k = -rad; k <= rad; k++) {
          int p = Math.max(0, Math.min(len - 1, k));
          acc += src[(horizontal ? line * w + p : p * w + line) * 3 + c];
        }
        for (int p = 0; p < len; p++) {
          dst[(horizontal ? line * w + p : p * w + line) * 3 + c] = acc * norm;
          int out = Math.max(0, p - rad);
          int in = Math.min(len - 1, p + rad + 1);
          acc += src[(horizontal ? line * w + in : in * w + line) * 3 + c]
              - src[(horizontal ? line * w + out : out * w + line) * 3 + c];
        }
      }
    }
  }

  /** Wet ground: darker, with mirror reflections (stronger in puddles). */
  private void applyWet(GBuffer g, double[] col, double[] refl) {
    World.Ray r = new World.Ray();
    for (int py = 0; py < h; py++) {
      for (int px = 0; px < w; px++) {
        int i = py * w + px;
        int m = g.mat[i];
        if (g.ny[i] < 0.9 || g.prim[i] < 0 || !layout.prims.get(g.prim[i]).isGround()) {
          continue;
        }
        ray(r, px, py, false);
        double t = g.t[i];
        double x = r.ox + t * r.dx;
        double z = r.oz + t * r.dz;
        double puddle = smooth(0.55, 0.7, Noise.fbm(x * 0.4, z * 0.25, 909, 3));
        double len = Math.sqrt(r.dx * r.dx + r.dy * r.dy + r.dz * r.dz);
        double cosI = -r.dy / len;
        double om = 1 - cosI;
        double fres = 0.04 + 0.96 * om * om * om * om * om;
        double k = (m == Mat.ROAD || m == Mat.MARK || m == Mat.MARK_YELLOW) ? 1 : 0.6;
        double rk = k * Math.min(1, (0.25 + 0.6 * puddle) + fres * 0.8);
        double dark = 1 - k * (0.45 + 0.3 * puddle);
        for (int j = 0; j < 3; j++) {
          col[i * 3 + j] = col[i * 3 + j] * dark + refl[i * 3 + j] * rk * 0.65;
        }
      }
    }
  }

  /** Adds a blurred copy of the over-bright parts (glare around lights). */
  private void bloom(double[] col) {
    int n = outW * outH;
    double[] b = new double[n * 3];
    boolean any = false;
    for (int i = 0; i < n * 3; i++) {
      double e = col[i] - 0.9;
      if (e > 0) {
        b[i] = e;
        any = true;
      }
    }
    if (!any) {
      return;
    }
    int rad = Math.max(1, outW / 60);
    double[] tmp = new double[n * 3];
    for (int pass = 0; pass < 2; pass++) {
      boxBlur(b, tmp, rad, true);
      boxBlur(tmp, b, rad, false);
    }
    double k = condition == Condition.NIGHT ? 0.9 : 0.5;
    if (condition == Condition.FOG || atm.wet > 0) {
      k *= 1.5;
    }
    for (int i = 0; i < n * 3; i++) {
      col[i] += b[i] * k;
    }
  }

  private void boxBlur(double[] src, double[] dst, int rad, boolean horizontal) {
    int len = horizontal ? outW : outH;
    int lines = horizontal ? outH : outW;
    double norm = 1.0 / (2 * rad + 1);
    for (int line = 0; line < lines; line++) {
      for (int c = 0; c < 3; c++) {
        double acc = 0;
        for (int k = -rad; k <= rad; k++) {
          acc += src[idx(line, Math.max(0, Math.min(len - 1, k)), horizontal) * 3 + c];
        }
        for (int p = 0; p < len; p++) {
          dst[idx(line, p, horizontal) * 3 + c] = acc * norm;
          int out = Math.max(0, p - rad);
          int in = Math.min(len - 1, p + rad + 1);
          acc += src[idx(line, in, horizontal) * 3 + c] - src[idx(line, out, horizontal) * 3 + c];
        }
      }
    }
  }

  private int idx(int line, int p, boolean horizontal) {
    return horizontal ? line * outW + p : p * outW + line;
  }

  /** Rain streaks: thin bright slanted lines, denser and longer near the camera. */
  private void rain(double[] col) {
    int count = (int) (atm.rainStreaks * (w * (double) h) / (384.0 * 192.0));
    double slant = 0.18 + 0.1 * Noise.h01(1, 2, 3, layout.skySeed);
    for (int s = 0; s < count; s++) {
      double x0 = Noise.h01(s, 1, 0, seedBits) * w;
      double y0 = Noise.h01(s, 2, 0, seedBits) * h;
      double near = Noise.h01(s, 3, 0, seedBits);
      int len = (int) (h * (0.03 + 0.09 * near * near));
      double a = 0.05 + 0.16 * near;
      for (int k = 0; k < len; k++) {
        int y = (int) (y0 + k);
        int x = (int) (x0 + k * slant);
        if (y >= h || x >= w) {
          break;
        }
        int i = (y * w + x) * 3;
        for (int j = 0; j < 3; j++) {
          col[i + j] = col[i + j] * (1 - a) + 0.7 * a;
        }
      }
    }
  }

  /** Falling snow: soft white discs, larger near the camera. */
  private void snowFlakes(double[] col) {
    int count = (int) (atm.flakes * (w * (double) h) / (384.0 * 192.0));
    for (int s = 0; s < count; s++) {
      double fx = Noise.h01(s, 5, 0, seedBits) * w;
      double fy = Noise.h01(s, 6, 0, seedBits) * h;
      double near = Noise.h01(s, 7, 0, seedBits);
      double rad = (0.4 + 2.2 * near * near * near) * w / 384.0;
      int r0 = (int) Math.ceil(rad + 1);
      for (int dy = -r0; dy <= r0; dy++) {
        for (int dx = -r0; dx <= r0; dx++) {
          int x = (int) fx + dx;
          int y = (int) fy + dy;
          if (x < 0 || y < 0 || x >= w || y >= h) {
            continue;
          }
          double d = Math.sqrt((x + 0.5 - fx) * (x + 0.5 - fx) + (y + 0.5 - fy) * (y + 0.5 - fy));
          double a = (1 - smooth(rad * 0.5, rad + 0.5, d)) * (0.55 + 0.4 * near);
          if (a <= 0) {
            continue;
          }
          int i = (y * w + x) * 3;
          col[i] = col[i] * (1 - a) + 0.92 * a;
          col[i + 1] = col[i + 1] * (1 - a) + 0.93 * a;
          col[i + 2] = col[i + 2] * (1 - a) + 0.96 * a;
        }
      }
    }
  }

  /** Box-downsamples the supersampled buffer to the output size, applying exposure. */
  private double[] downsample(double[] col) {
    double[] out = new double[outW * outH * 3];
    double k = atm.exposure * (0.92 + 0.16 * Noise.h01(4, 4, 4, layout.skySeed)) / (ss * ss);
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        double r = 0;
        double g = 0;
        double b = 0;
        for (int sy = 0; sy < ss; sy++) {
          int row = (y * ss + sy) * w;
          for (int sx = 0; sx < ss; sx++) {
            int i = (row + x * ss + sx) * 3;
            r += col[i];
            g += col[i + 1];
            b += col[i + 2];
          }
        }
        int o = (y * outW + x) * 3;
        out[o] = r * k;
        out[o + 1] = g * k;
        out[o + 2] = b * k;
      }
    }
    return out;
  }

  /** Saturation, vignette, tone curve, sensor noise, 8-bit quantisation. */
  private RgbImage finish(double[] lin) {
    byte[] out = new byte[outW * outH * 3];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int o = (y * outW + x) * 3;
        double r = lin[o];
        double g = lin[o + 1];
        double b = lin[o + 2];
        double lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        r = lum + (r - lum) * atm.saturation;
        g = lum + (g - lum) * atm.saturation;
        b = lum + (b - lum) * atm.saturation;
        double vx = (x + 0.5) / outW - 0.5;
        double vy = (y + 0.5) / outH - 0.5;
        double vig = 1 - atm.vignette * (vx * vx + vy * vy) * 1.6;
        double nse = (Noise.h01(x, y, 1, seedBits) + Noise.h01(x, y, 2, seedBits) - 1) * atm.noise;
        out[o] = quant(r * vig, nse);
        out[o + 1] = quant(g * vig, nse);
        out[o + 2] = quant(b * vig, nse);
      }
    }
    return RgbImage.wrap(outW, outH, out);
  }

  private static byte quant(double lin, double noise) {
    double s = Tone.display(lin);
    int q = (int) Math.floor(s * 255 + noise + 0.5);
    return (byte) Math.max(0, Math.min(255, q));
  }

  /** Output labels: per output pixel, the most frequent class among its subsamples. */
  private LabelMap labels(GBuffer g) {
    byte[] out = new byte[outW * outH];
    int[] counts = new int[256];
    int[] seen = new int[ss * ss];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int nSeen = 0;
        for (int sy = 0; sy < ss; sy++) {
          for (int sx = 0; sx < ss; sx++) {
            int c = g.cls[(y * ss + sy) * w + x * ss + sx] & 0xff;
            if (counts[c]++ == 0) {
              seen[nSeen++] = c;
            }
          }
        }
        // ties go to the centre sample's class (ss odd) or the first seen
        int centre = g.cls[(y * ss + ss / 2) * w + x * ss + ss / 2] & 0xff;
        int best = centre;
        for (int k = 0; k < nSeen; k++) {
          int c = seen[k];
          if (counts[c] > counts[best]) {
            best = c;
          }
        }
        for (int k = 0; k < nSeen; k++) {
          counts[seen[k]] = 0;
        }
        out[y * outW + x] = (byte) best;
      }
    }
    return LabelMap.wrap(outW, outH, out);
  }
}
