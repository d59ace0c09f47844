#!/usr/bin/env bash
# Compiles the committed Node.js SDK (sdk/nodejs, TypeScript) with the repository's TypeScript into
# sdk/nodejs/bin (ignored), so a program, `npm install sdk/nodejs/bin` or `npm pack` gets JavaScript
# and declarations. Its own package.json names bin/ as the entry point.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sdk="$repo/sdk/nodejs"
[ -f "$sdk/package.json" ] || { printf '[sdks] ERROR: %s is missing\n' "$sdk" >&2 && exit 1; }
printf '[sdks] compiling the Node.js SDK\n' >&2
(cd "$sdk" && "$repo/node_modules/.bin/tsc" -p tsconfig.json)
cp "$sdk/package.json" "$sdk/bin/package.json"
[ -f "$sdk/README.md" ] && cp "$sdk/README.md" "$sdk/bin/README.md"
exit 0
