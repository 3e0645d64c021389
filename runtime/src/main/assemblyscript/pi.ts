// pi: Monte Carlo estimate of pi. argv: SAMPLES SEED. Draws SAMPLES points (x, y) uniformly in
// [0, 1)^2 from xorshift64* seeded with SEED (0 is replaced by a fixed constant) and counts those
// with x*x + y*y <= 1. Prints "hits samples estimate\n".

let state: u64 = 0;

function next(): u64 {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1D;
}

function unit(): f64 {
  return <f64>(next() >> 11) * (1.0 / 9007199254740992.0);
}

const argv = process.argv;
const samples: i64 = argv.length > 1 ? I64.parseInt(argv[1]) : 1000000;
const seed: u64 = argv.length > 2 ? U64.parseInt(argv[2]) : 1;
state = seed == 0 ? 0x9E3779B97F4A7C15 : seed;
let hits: i64 = 0;
for (let i: i64 = 0; i < samples; i++) {
  let x = unit();
  let y = unit();
  if (x * x + y * y <= 1.0) hits++;
}
const estimate = samples > 0 ? 4.0 * <f64>hits / <f64>samples : 0.0;
process.stdout.write(hits.toString() + " " + samples.toString() + " " + estimate.toString() + "\n");
