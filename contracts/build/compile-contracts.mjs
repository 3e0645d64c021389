#!/usr/bin/env node
// Compiles Solidity sources with the pinned solc-js through the standard JSON interface and writes,
// per contract: the ABI, bytecode, deployed bytecode, source maps, storage layout, method identifiers
// and NatSpec (artifacts/<Name>.json), plus <Name>.abi / <Name>.bin for Web3j's wrapper generator.
// The whole standard JSON input and output go to build-info.json (source ids, ASTs) for tooling.
//
// usage: compile-contracts.mjs --base DIR --sources DIR[,DIR...] --out DIR [--java-errors DIR --java-errors-package PKG]
//
// With --java-errors, it also generates a typed Java exception per custom error and their decoder
// (see java-errors.mjs).
//
// Imports of @openzeppelin/... resolve from the repository's node_modules. A compiler error is
// printed as "path:line:column: error: message" and the exit status is 1. Nothing is recompiled
// when the sources, the compiler and these settings are unchanged (a stamp in the output folder).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJavaErrors } from './java-errors.mjs';

const require = createRequire(import.meta.url);
const solc = require('solc');

const SETTINGS = {
  optimizer: { enabled: true, runs: 1000 },
  // Cancun is what current Besu, anvil and every mainstream EVM chain run.
  evmVersion: 'cancun',
  outputSelection: {
    '*': {
      '': ['ast'],
      '*': [
        'abi', 'devdoc', 'userdoc', 'storageLayout', 'metadata',
        'evm.bytecode.object', 'evm.bytecode.sourceMap', 'evm.bytecode.linkReferences',
        'evm.deployedBytecode.object', 'evm.deployedBytecode.sourceMap',
        'evm.deployedBytecode.immutableReferences', 'evm.methodIdentifiers', 'evm.gasEstimates',
      ],
    },
  },
};

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) {
      fail(`usage: compile-contracts.mjs --base DIR --sources DIR[,DIR...] --out DIR (bad argument '${key}')`);
    }
    args[key.slice(2)] = argv[i + 1];
  }
  for (const required of ['base', 'sources', 'out']) {
    if (!args[required]) fail(`missing --${required}`);
  }
  return args;
}

function fail(message) {
  console.error(`[solc] ${message}`);
  process.exit(1);
}

function solidityFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return solidityFiles(path);
    return name.endsWith('.sol') ? [path] : [];
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const args = parseArgs(process.argv.slice(2));
const base = resolve(args.base);
const outDir = resolve(args.out);
const unitName = (path) => relative(base, path).split(sep).join('/');

const files = args.sources.split(',').flatMap((dir) => solidityFiles(resolve(base, dir)));
if (files.length === 0) fail(`no .sol files under ${args.sources}`);
const sources = Object.fromEntries(files.map((f) => [unitName(f), { content: readFileSync(f, 'utf8') }]));

const fingerprint = createHash('sha256')
  .update(solc.version())
  .update(JSON.stringify(SETTINGS))
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(join(here, 'java-errors.mjs')))
  .update(JSON.stringify([args['java-errors'], args['java-errors-package']]))
  .update(readFileSync(join(repoRoot, 'package-lock.json')))
  .update(JSON.stringify(sources))
  .digest('hex');
const stampFile = join(outDir, '.inputs.sha256');
const javaErrorsDone = !args['java-errors'] || existsSync(resolve(args['java-errors']));
if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint && javaErrorsDone) {
  console.log(`[solc] ${files.length} source files unchanged; nothing to compile`);
  process.exit(0);
}

function findImports(path) {
  const candidates = path.startsWith('@') ? [join(repoRoot, 'node_modules', path)] : [join(base, path)];
  for (const candidate of candidates) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') };
  }
  return { error: `import not found: ${path} (looked in ${candidates.join(', ')})` };
}

function lineAndColumn(source, offset) {
  const before = (sources[source]?.content ?? findImports(source).contents ?? '').slice(0, offset);
  const lines = before.split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

const input = { language: 'Solidity', sources, settings: SETTINGS };
const started = Date.now();
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

let errors = 0;
for (const diagnostic of output.errors ?? []) {
  const isError = diagnostic.severity === 'error';
  errors += isError ? 1 : 0;
  const loc = diagnostic.sourceLocation;
  const where = loc
    ? `${relative(process.cwd(), resolve(base, loc.file))}:${lineAndColumn(loc.file, loc.start)}`
    : '<solc>';
  console.error(`${where}: ${diagnostic.severity}: ${diagnostic.type}: ${diagnostic.message}`);
  if (isError || process.env.ZENNET_SOLC_VERBOSE) console.error(diagnostic.formattedMessage.trimEnd());
}
if (errors > 0) fail(`${errors} compiler error(s); see above`);

rmSync(outDir, { recursive: true, force: true });
for (const sub of ['artifacts', 'abi', 'bin']) mkdirSync(join(outDir, sub), { recursive: true });

const deployable = [];
const ours = [];
for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
  if (!sources[sourceName]) continue; // a library contract (OpenZeppelin): not ours to publish
  for (const [name, c] of Object.entries(contracts)) {
    const artifact = {
      contractName: name,
      sourceName,
      compiler: solc.version(),
      // what the bytecode was built with, for reports that quote gas (zennet bench gas)
      settings: { optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion },
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      sourceMap: c.evm.bytecode.sourceMap,
      deployedSourceMap: c.evm.deployedBytecode.sourceMap,
      immutableReferences: c.evm.deployedBytecode.immutableReferences,
      linkReferences: c.evm.bytecode.linkReferences,
      methodIdentifiers: c.evm.methodIdentifiers,
      storageLayout: c.storageLayout,
      gasEstimates: c.evm.gasEstimates,
      devdoc: c.devdoc,
      userdoc: c.userdoc,
    };
    writeFileSync(join(outDir, 'artifacts', `${name}.json`), JSON.stringify(artifact, null, 2));
    ours.push(artifact);
    writeFileSync(join(outDir, 'abi', `${name}.abi`), JSON.stringify(c.abi));
    if (c.evm.bytecode.object.length > 0) {
      writeFileSync(join(outDir, 'bin', `${name}.bin`), c.evm.bytecode.object);
      deployable.push(name);
    }
  }
}
writeFileSync(join(outDir, 'build-info.json'), JSON.stringify({ solcVersion: solc.version(), input, output }));
writeFileSync(join(outDir, 'deployable.txt'), deployable.sort().join('\n') + '\n');
if (args['java-errors']) {
  const count = writeJavaErrors(ours, resolve(args['java-errors']), args['java-errors-package'] ?? 'generated.errors');
  console.log(`[solc] generated typed Java exceptions for ${count} custom errors`);
}
writeFileSync(stampFile, fingerprint);
console.log(`[solc] compiled ${files.length} files with solc ${solc.version()} in ${Date.now() - started} ms: ${deployable.join(', ')}`);
