#!/usr/bin/env bash
# Runs a command of this repository (mocha, ts-node, ...) after set-up, on the toolchain's pinned
# Node.js, with the toolchain's pulumi and the repository's node_modules/.bin first on PATH.
# `npm test`, `npm run demo` and `npm run bench` go through here.
#
#   bash toolchain/run.sh mocha 'tests/**/*.test.ts'
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$repo/toolchain/setup.sh"
PATH="$repo/.pulumi-local/toolchain/node:$repo/.pulumi-local/toolchain/bin:$repo/node_modules/.bin:$PATH"
export PATH
exec "$@"
