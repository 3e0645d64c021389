package org.zennet.runtime;

/** A line-by-line Java port of runtime/src/main/assemblyscript/raytrace.ts, the reference for its output. */
final class JavaRaytrace {
  private static final int MAX_DEPTH = 3;
  private static final double EPS = 1e-6;
  private static final double[] SPHERES = {
      0.0, 1.0, 6.0, 1.0, 0.9, 0.2, 0.2, 0.0,
      -2.2, 0.7, 7.5, 0.7, 0.2, 0.8, 0.3, 0.0,
      2.0, 1.2, 8.0, 1.2, 0.9, 0.9, 0.9, 0.6,
  };
  private static final double LIGHT_X = -4.0;
  private static final double LIGHT_Y = 8.0;
  private static final double LIGHT_Z = 1.0;

  private double hitT;
  private double hitNx;
  private double hitNy;
  private double hitNz;
  private double hitR;
  private double hitG;
  private double hitB;
  private double hitRefl;
  private double outR;
  private double outG;
  private double outB;

  static byte[] tile(int width, int height, int x0, int y0, int tileW, int tileH) {
    return new JavaRaytrace().render(width, height, x0, y0, tileW, tileH);
  }

  private boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz) {
    double best = 1e30;
    boolean found = false;
    for (int s = 0; s < 3; s++) {
      int b = s * 8;
      double cx = SPHERES[b];
      double cy = SPHERES[b + 1];
      double cz = SPHERES[b + 2];
      double r = SPHERES[b + 3];
      double lx = ox - cx;
      double ly = oy - cy;
      double lz = oz - cz;
      double bb = lx * dx + ly * dy + lz * dz;
      double c = lx * lx + ly * ly + lz * lz - r * r;
      double disc = bb * bb - c;
      if (disc < 0.0) {
        continue;
      }
      double sq = Math.sqrt(disc);
      double t = -bb - sq;
      if (t < EPS) {
        t = -bb + sq;
      }
      if (t < EPS || t >= best) {
        continue;
      }
      best = t;
      found = true;
      double px = ox + dx * t;
      double py = oy + dy * t;
      double pz = oz + dz * t;
      hitNx = (px - cx) / r;
      hitNy = (py - cy) / r;
      hitNz = (pz - cz) / r;
      hitR = SPHERES[b + 4];
      hitG = SPHERES[b + 5];
      hitB = SPHERES[b + 6];
      hitRefl = SPHERES[b + 7];
    }
    if (dy < -EPS) {
      double t = -oy / dy;
      if (t >= EPS && t < best) {
        best = t;
        found = true;
        double px = ox + dx * t;
        double pz = oz + dz * t;
        hitNx = 0.0;
        hitNy = 1.0;
        hitNz = 0.0;
        long cell = ((long) Math.floor(px) + (long) Math.floor(pz)) & 1;
        double v = cell == 0 ? 0.8 : 0.3;
        hitR = v;
        hitG = v;
        hitB = v;
        hitRefl = 0.2;
      }
    }
    hitT = best;
    return found;
  }

  private void trace(double ox, double oy, double oz, double dx, double dy, double dz, int depth) {
    if (!intersect(ox, oy, oz, dx, dy, dz)) {
      double t = 0.5 * (dy + 1.0);
      outR = (1.0 - t) + t * 0.5;
      outG = (1.0 - t) + t * 0.7;
      outB = 1.0;
      return;
    }
    double t = hitT;
    double px = ox + dx * t;
    double py = oy + dy * t;
    double pz = oz + dz * t;
    double nx = hitNx;
    double ny = hitNy;
    double nz = hitNz;
    double cr = hitR;
    double cg = hitG;
    double cb = hitB;
    double refl = hitRefl;
    double lx = LIGHT_X - px;
    double ly = LIGHT_Y - py;
    double lz = LIGHT_Z - pz;
    double ld = Math.sqrt(lx * lx + ly * ly + lz * lz);
    lx /= ld;
    ly /= ld;
    lz /= ld;
    double diffuse = nx * lx + ny * ly + nz * lz;
    if (diffuse < 0.0) {
      diffuse = 0.0;
    }
    if (diffuse > 0.0 && intersect(px + nx * 1e-4, py + ny * 1e-4, pz + nz * 1e-4, lx, ly, lz) && hitT < ld) {
      diffuse = 0.0;
    }
    double shade = 0.1 + 0.9 * diffuse;
    double r = cr * shade;
    double g = cg * shade;
    double b = cb * shade;
    if (refl > 0.0 && depth < MAX_DEPTH) {
      double dn = dx * nx + dy * ny + dz * nz;
      double rx = dx - 2.0 * dn * nx;
      double ry = dy - 2.0 * dn * ny;
      double rz = dz - 2.0 * dn * nz;
      trace(px + nx * 1e-4, py + ny * 1e-4, pz + nz * 1e-4, rx, ry, rz, depth + 1);
      r = r * (1.0 - refl) + outR * refl;
      g = g * (1.0 - refl) + outG * refl;
      b = b * (1.0 - refl) + outB * refl;
    }
    outR = r;
    outG = g;
    outB = b;
  }

  private static byte toByte(double v) {
    if (v <= 0.0) {
      return 0;
    }
    if (v >= 1.0) {
      return (byte) 255;
    }
    return (byte) (int) (v * 255.0 + 0.5);
  }

  private byte[] render(int width, int height, int x0, int y0, int tileW, int tileH) {
    byte[] out = new byte[tileW * tileH * 3];
    double aspect = (double) width / (double) height;
    int k = 0;
    for (int y = y0; y < y0 + tileH; y++) {
      for (int x = x0; x < x0 + tileW; x++) {
        double u = (((double) x + 0.5) / (double) width * 2.0 - 1.0) * aspect;
        double v = 1.0 - ((double) y + 0.5) / (double) height * 2.0;
        double dx = u;
        double dy = v - 0.15;
        double dz = 1.5;
        double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
        trace(0.0, 1.5, 0.0, dx / len, dy / len, dz / len, 0);
        out[k++] = toByte(outR);
        out[k++] = toByte(outG);
        out[k++] = toByte(outB);
      }
    }
    return out;
  }
}
