// wordsum: the reduce step of a word count. Reads "word<TAB>count\n" lines on stdin (the map
// outputs of wordcount, concatenated in any order) and writes one line per distinct word with its
// counts summed, "word<TAB>total\n", sorted by word (byte order) -- the same output wordcount gives
// for the whole text at once. A line that is not "word<TAB>digits" is an error (exit code 1).

function readAll(): Uint8Array {
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
  return all;
}

const text = readAll();
const totals = new Map<string, i64>();
let i = 0;
const n = text.length;
let bad = false;
while (i < n && !bad) {
  let start = i;
  while (i < n && text[i] != 9 && text[i] != 10) i++;
  if (i >= n || text[i] != 9 || i == start) {
    bad = true;
    break;
  }
  let word = String.UTF8.decode(text.slice(start, i).buffer);
  i++;
  let count: i64 = 0;
  let digits = 0;
  while (i < n && text[i] >= 48 && text[i] <= 57) {
    count = count * 10 + <i64>(text[i] - 48);
    i++;
    digits++;
  }
  if (digits == 0 || i >= n || text[i] != 10) {
    bad = true;
    break;
  }
  i++;
  totals.set(word, totals.has(word) ? totals.get(word) + count : count);
}

if (bad) {
  process.stderr.write("wordsum: line at byte " + i.toString() + " is not 'word<TAB>count'\n");
  process.exit(1);
}
const words = totals.keys();
words.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
let out = new Array<string>();
for (let k = 0; k < words.length; k++) {
  let w = words[k];
  out.push(w + "\t" + totals.get(w).toString() + "\n");
}
process.stdout.write(out.join(""));
