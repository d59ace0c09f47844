#!/usr/bin/env bash
# Generates the language SDKs of the nodion provider plugin from schema.json into sdk/ (committed:
# each where its package name says; the typed Nodion API client is client/), all carrying
# package.json's version, then compiles the Node.js SDK (toolchain/build-nodejs-sdk.sh):
#
#   sdk/nodejs     npm package @pulumi-nodion/nodion (compiled to sdk/nodejs/bin, ignored)
#   sdk/python     Python package pulumi_nodion (pyproject.toml; `pip install sdk/python`)
#   sdk/go/nodion  Go module github.com/pulumi-nodion/pulumi-nodion/sdk/go/nodion (its own go.mod)
#
#   npm run sdks                        (after `bash toolchain/setup.sh`, which builds the generator)
#   bash toolchain/gen-sdks.sh <folder> (elsewhere, uncompiled: tests/languages/sdks.test.ts
#                                        compares it with the committed sdk/)
#
# The generator is toolchain/codegen, built by toolchain/install.sh next to pulumi. Same schema and
# version in, same files out.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf '[sdks] %s\n' "$*" >&2; }
gen="$repo/.pulumi-local/toolchain/bin/pulumi-nodion-sdkgen"
[ -x "$gen" ] || {
  say "ERROR: $gen is missing; run 'bash toolchain/setup.sh' (or toolchain/install.sh) first."
  exit 1
}
[ -f schema.json ] || {
  say "ERROR: schema.json is missing (the provider plugin's schema)."
  exit 1
}
version="$(node -p 'require("./package.json").version')"
out="${1:-$repo/sdk}"
mkdir -p "$out"
"$gen" -schema schema.json -version "$version" -out "$out" -languages nodejs,python,go >&2

# pyproject.toml names a README.md beside it; the generator writes it inside the package only.
cp "$out/python/pulumi_nodion/README.md" "$out/python/README.md"

[ $# -gt 0 ] || bash "$repo/toolchain/build-nodejs-sdk.sh"
say "SDKs for version $version in $out"
