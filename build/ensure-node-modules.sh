#!/usr/bin/env bash
# Installs the pinned Node toolchain (solc, OpenZeppelin, anvil, cast, AssemblyScript) with `npm ci`,
# but only when package-lock.json differs from the one node_modules was installed from.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: Node.js 20+ and npm are needed to build Zennet (contracts, dev chain, sample jobs)." >&2
  echo "       Install them (Debian: apt-get install nodejs npm) and run the build again." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "error: Node.js $(node --version) is too old; Zennet needs Node.js 20 or newer." >&2
  exit 1
fi

stamp=node_modules/.zennet-lockfile.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "[zennet] package-lock.json changed: installing the Node toolchain with npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
