// Runs a WASI command module under Node's V8, the reference for `zennet bench wasm`. Uses only Node's built-in
// node:wasi (preview1), no packages.
//   node --expose-gc run-wasi.mjs MODULE.wasm STDIN_FILE WARMUPS REPEATS [ARGS...]
// Compiles the module once, runs it WARMUPS times unmeasured, then REPEATS times measured (instantiation plus
// _start, like the Java side), and prints one JSON line: {"node": version, "millis": [...], "exitCode": n,
// "stdoutSha256": hex of the last run's stdout}.
import { WASI } from "node:wasi";
import { closeSync, openSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [file, stdinFile, warmupsArg, repeatsArg, ...args] = process.argv.slice(2);
const warmups = Number(warmupsArg);
const repeats = Number(repeatsArg);
const module = await WebAssembly.compile(readFileSync(file));
const dir = mkdtempSync(join(tmpdir(), "zennet-bench-"));
const outFile = join(dir, "stdout");

function runOnce() {
  const stdin = openSync(stdinFile, "r");
  const stdout = openSync(outFile, "w");
  try {
    const start = process.hrtime.bigint();
    const wasi = new WASI({ version: "preview1", args: ["task", ...args], env: {}, stdin, stdout, returnOnExit: true });
    const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi.wasiImport });
    const exitCode = wasi.start(instance);
    const millis = Number(process.hrtime.bigint() - start) / 1e6;
    return { millis, exitCode };
  } finally {
    closeSync(stdin);
    closeSync(stdout);
    // release the last instance's memory before the next run: without it V8 aborts after a few runs of a
    // memory-hungry module (run with --expose-gc)
    globalThis.gc?.();
  }
}

try {
  for (let i = 0; i < warmups; i++) runOnce();
  const millis = [];
  let exitCode = 0;
  for (let i = 0; i < repeats; i++) {
    const r = runOnce();
    millis.push(r.millis);
    exitCode = r.exitCode;
  }
  const stdoutSha256 = createHash("sha256").update(readFileSync(outFile)).digest("hex");
  console.log(JSON.stringify({ node: process.version, millis, exitCode, stdoutSha256 }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
