// raytrace: renders one tile of a fixed scene. argv: WIDTH HEIGHT X0 Y0 TILE_W TILE_H. Writes the
// tile's pixels row by row, 3 bytes (R, G, B) each, TILE_W * TILE_H * 3 bytes in all, on stdout.
// The scene: a ground plane, three spheres (one a mirror), one point light with hard shadows, a sky
// gradient. Only +, -, *, / and sqrt on f64, so the image is bit-exact on every conforming runtime
// (the Java port in RaytraceSampleTest checks it).

const MAX_DEPTH = 3;
const EPS = 1e-6;

// spheres: centre x, y, z, radius, colour r, g, b, reflectivity
const SPHERES: StaticArray<f64> = [
  0.0, 1.0, 6.0, 1.0, 0.9, 0.2, 0.2, 0.0,
  -2.2, 0.7, 7.5, 0.7, 0.2, 0.8, 0.3, 0.0,
  2.0, 1.2, 8.0, 1.2, 0.9, 0.9, 0.9, 0.6,
];
const SPHERE_COUNT = 3;
const LIGHT_X = -4.0;
const LIGHT_Y = 8.0;
const LIGHT_Z = 1.0;

// The nearest hit of the last trace: distance, point, normal, colour, reflectivity.
let hitT = 0.0;
let hitNx = 0.0, hitNy = 0.0, hitNz = 0.0;
let hitR = 0.0, hitG = 0.0, hitB = 0.0, hitRefl = 0.0;

function intersect(ox: f64, oy: f64, oz: f64, dx: f64, dy: f64, dz: f64): bool {
  let best = 1e30;
  let found = false;
  for (let s = 0; s < SPHERE_COUNT; s++) {
    let b = s * 8;
    let cx = SPHERES[b], cy = SPHERES[b + 1], cz = SPHERES[b + 2], r = SPHERES[b + 3];
    let lx = ox - cx, ly = oy - cy, lz = oz - cz;
    let bb = lx * dx + ly * dy + lz * dz;
    let c = lx * lx + ly * ly + lz * lz - r * r;
    let disc = bb * bb - c;
    if (disc < 0.0) continue;
    let sq = Math.sqrt(disc);
    let t = -bb - sq;
    if (t < EPS) t = -bb + sq;
    if (t < EPS || t >= best) continue;
    best = t;
    found = true;
    let px = ox + dx * t, py = oy + dy * t, pz = oz + dz * t;
    hitNx = (px - cx) / r; hitNy = (py - cy) / r; hitNz = (pz - cz) / r;
    hitR = SPHERES[b + 4]; hitG = SPHERES[b + 5]; hitB = SPHERES[b + 6]; hitRefl = SPHERES[b + 7];
  }
  // ground plane y = 0, a checkerboard
  if (dy < -EPS) {
    let t = -oy / dy;
    if (t >= EPS && t < best) {
      best = t;
      found = true;
      let px = ox + dx * t, pz = oz + dz * t;
      hitNx = 0.0; hitNy = 1.0; hitNz = 0.0;
      let cell = (<i64>Math.floor(px) + <i64>Math.floor(pz)) & 1;
      let v = cell == 0 ? 0.8 : 0.3;
      hitR = v; hitG = v; hitB = v; hitRefl = 0.2;
    }
  }
  hitT = best;
  return found;
}

let outR = 0.0, outG = 0.0, outB = 0.0;

function trace(ox: f64, oy: f64, oz: f64, dx: f64, dy: f64, dz: f64, depth: i32): void {
  if (!intersect(ox, oy, oz, dx, dy, dz)) {
    let t = 0.5 * (dy + 1.0);
    outR = (1.0 - t) + t * 0.5;
    outG = (1.0 - t) + t * 0.7;
    outB = 1.0;
    return;
  }
  let t = hitT;
  let px = ox + dx * t, py = oy + dy * t, pz = oz + dz * t;
  let nx = hitNx, ny = hitNy, nz = hitNz;
  let cr = hitR, cg = hitG, cb = hitB, refl = hitRefl;
  let lx = LIGHT_X - px, ly = LIGHT_Y - py, lz = LIGHT_Z - pz;
  let ld = Math.sqrt(lx * lx + ly * ly + lz * lz);
  lx /= ld; ly /= ld; lz /= ld;
  let diffuse = nx * lx + ny * ly + nz * lz;
  if (diffuse < 0.0) diffuse = 0.0;
  if (diffuse > 0.0 && intersect(px + nx * 1e-4, py + ny * 1e-4, pz + nz * 1e-4, lx, ly, lz) && hitT < ld) {
    diffuse = 0.0;
  }
  let shade = 0.1 + 0.9 * diffuse;
  let r = cr * shade, g = cg * shade, b = cb * shade;
  if (refl > 0.0 && depth < MAX_DEPTH) {
    let dn = dx * nx + dy * ny + dz * nz;
    let rx = dx - 2.0 * dn * nx, ry = dy - 2.0 * dn * ny, rz = dz - 2.0 * dn * nz;
    trace(px + nx * 1e-4, py + ny * 1e-4, pz + nz * 1e-4, rx, ry, rz, depth + 1);
    r = r * (1.0 - refl) + outR * refl;
    g = g * (1.0 - refl) + outG * refl;
    b = b * (1.0 - refl) + outB * refl;
  }
  outR = r; outG = g; outB = b;
}

function toByte(v: f64): u8 {
  if (v <= 0.0) return 0;
  if (v >= 1.0) return 255;
  return <u8>(<i32>(v * 255.0 + 0.5));
}

const argv = process.argv;
if (argv.length < 7) {
  process.stderr.write("usage: raytrace WIDTH HEIGHT X0 Y0 TILE_W TILE_H\n");
  process.exit(2);
}
const width = I32.parseInt(argv[1]);
const height = I32.parseInt(argv[2]);
const x0 = I32.parseInt(argv[3]);
const y0 = I32.parseInt(argv[4]);
const tileW = I32.parseInt(argv[5]);
const tileH = I32.parseInt(argv[6]);
if (width <= 0 || height <= 0 || tileW <= 0 || tileH <= 0 || x0 < 0 || y0 < 0 || x0 + tileW > width || y0 + tileH > height) {
  process.stderr.write("raytrace: the tile must lie inside the image\n");
  process.exit(2);
}
const out = new Uint8Array(tileW * tileH * 3);
const aspect = <f64>width / <f64>height;
let k = 0;
for (let y = y0; y < y0 + tileH; y++) {
  for (let x = x0; x < x0 + tileW; x++) {
    // camera at (0, 1.5, 0) looking down +z, image plane at z = 1.5
    let u = ((<f64>x + 0.5) / <f64>width * 2.0 - 1.0) * aspect;
    let v = 1.0 - (<f64>y + 0.5) / <f64>height * 2.0;
    let dx = u, dy = v - 0.15, dz = 1.5;
    let len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    trace(0.0, 1.5, 0.0, dx / len, dy / len, dz / len, 0);
    out[k++] = toByte(outR);
    out[k++] = toByte(outG);
    out[k++] = toByte(outB);
  }
}
process.stdout.write(out.buffer);
