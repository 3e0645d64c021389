// pisum: the reduce step of the pi sample. Reads "hits samples estimate\n" lines on stdin (the map
// outputs of pi, concatenated) and writes one line in the same format for all of them together:
// the hits and samples summed, and 4 * hits / samples. A malformed line is an error (exit code 1).

function readAll(): string {
  let chunks = new Array<ArrayBuffer>();
  let total = 0;
  while (true) {
    let buffer = new ArrayBuffer(65536);
    let n = process.stdin.read(buffer);
    if (n <= 0) break;
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  let all = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    let chunk = Uint8Array.wrap(chunks[i]);
    all.set(chunk, at);
    at += chunk.length;
  }
  return String.UTF8.decode(all.buffer);
}

function isDigits(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const lines = readAll().split("\n");
let hits: i64 = 0;
let samples: i64 = 0;
let bad = -1;
for (let i = 0; i < lines.length; i++) {
  let line = lines[i];
  if (line.length == 0) continue;
  let parts = line.split(" ");
  if (parts.length != 3 || !isDigits(parts[0]) || !isDigits(parts[1])) {
    bad = i;
    break;
  }
  hits += I64.parseInt(parts[0]);
  samples += I64.parseInt(parts[1]);
}
if (bad >= 0) {
  process.stderr.write("pisum: line " + (bad + 1).toString() + " is not 'hits samples estimate'\n");
  process.exit(1);
}
const estimate = samples > 0 ? 4.0 * <f64>hits / <f64>samples : 0.0;
process.stdout.write(hits.toString() + " " + samples.toString() + " " + estimate.toString() + "\n");
