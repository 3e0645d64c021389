// Builds the runtime module's WebAssembly from source, only what changed:
//   node build/build-wasm.mjs --root <repo> --mode samples --sources <dir of .ts> --out <dir>
//     AssemblyScript task samples, compiled with asc and the WASI shim (-O3), one .wasm per .ts
//   node build/build-wasm.mjs --root <repo> --mode wat --sources <dir of .wat> --out <dir>
//     test modules in WebAssembly text, assembled with binaryen's wasm-as
// An output is rebuilt when it is missing or older than its source, this script or the toolchain lockfile.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function option(name) {
  const i = process.argv.indexOf("--" + name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`build-wasm: missing --${name}`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

const root = resolve(option("root"));
const mode = option("mode");
const sources = resolve(option("sources"));
const out = resolve(option("out"));
const bin = join(root, "node_modules", ".bin");
const extension = mode === "samples" ? ".ts" : ".wat";
const tool = join(bin, mode === "samples" ? "asc" : "wasm-as");
if (!existsSync(tool)) {
  console.error(`build-wasm: ${tool} is missing; run the build from the repository root so that npm ci installs it`);
  process.exit(1);
}
if (!existsSync(sources)) {
  process.exit(0);
}
mkdirSync(out, { recursive: true });

const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
const newestInput = Math.max(mtime(fileURLToPath(import.meta.url)), mtime(join(root, "package-lock.json")));
let built = 0;
for (const name of readdirSync(sources).filter((f) => f.endsWith(extension)).sort()) {
  const source = join(sources, name);
  const target = join(out, basename(name, extension) + ".wasm");
  if (mtime(target) > Math.max(mtime(source), newestInput)) {
    continue;
  }
  const args = mode === "samples"
    // the shim's config must be named relative to the working directory: asc resolves its "lib" wrongly from
    // an absolute path
    ? [source, "--config", "node_modules/@assemblyscript/wasi-shim/asconfig.json", "-O3", "--outFile", target]
    : [source, "--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "-o", target];
  const run = spawnSync(tool, args, { stdio: "inherit", cwd: root });
  if (run.status !== 0) {
    console.error(`build-wasm: ${basename(tool)} failed on ${source}`);
    process.exit(1);
  }
  built++;
}
console.log(`build-wasm: ${mode}: ${built} built, up to date in ${out}`);
