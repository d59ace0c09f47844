#!/usr/bin/env bash
# Generates the language SDKs of the nodion provider plugin from schema.json into sdks/ (ignored by
# git; `sdk/` is the Nodion API client, unrelated), all carrying package.json's version:
#
#   sdks/nodejs   npm package, compiled to sdks/nodejs/bin (TypeScript declarations included)
#   sdks/python   Python package (pyproject.toml; `pip install sdks/python`)
#   sdks/go/nodion  Go module (its own go.mod; programs `replace` it with this path)
#
#   npm run sdks      (after `bash toolchain/setup.sh`, which builds the generator)
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
out="$repo/sdks"
mkdir -p "$out"
"$gen" -schema schema.json -version "$version" -out "$out" -languages nodejs,python,go >&2

# The Node SDK is TypeScript; compile it with the repository's TypeScript so a program (or npm
# pack) gets JavaScript and declarations. Its own package.json names bin/ as the entry point.
# pyproject.toml names a README.md beside it; the generator writes it inside the package only.
cp "$out/python/pulumi_nodion/README.md" "$out/python/README.md"

say "compiling the Node.js SDK"
(cd "$out/nodejs" && "$repo/node_modules/.bin/tsc" -p tsconfig.json)
cp "$out/nodejs/package.json" "$out/nodejs/bin/package.json"
[ -f "$out/nodejs/README.md" ] && cp "$out/nodejs/README.md" "$out/nodejs/bin/README.md"
say "SDKs for version $version in $out"
