// wordcount: the map step of a word count. Reads a text chunk on stdin and writes one line per
// distinct word, "word<TAB>count\n", sorted by word (byte order). A word is a maximal run of ASCII
// letters and digits, lowercased; every other byte separates words.

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

function isWordByte(c: u32): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const text = readAll();
const counts = new Map<string, i32>();
let i = 0;
const n = text.length;
while (i < n) {
  while (i < n && !isWordByte(<u32>text[i])) i++;
  if (i >= n) break;
  let start = i;
  while (i < n && isWordByte(<u32>text[i])) i++;
  let word = new Uint8Array(i - start);
  for (let j = start; j < i; j++) {
    let c = <u32>text[j];
    word[j - start] = <u8>(c >= 65 && c <= 90 ? c + 32 : c);
  }
  let key = String.UTF8.decode(word.buffer);
  counts.set(key, counts.has(key) ? counts.get(key) + 1 : 1);
}

const words = counts.keys();
words.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
let out = new Array<string>();
for (let k = 0; k < words.length; k++) {
  let w = words[k];
  out.push(w + "\t" + counts.get(w).toString() + "\n");
}
process.stdout.write(out.join(""));
