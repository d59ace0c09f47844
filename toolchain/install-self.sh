#!/usr/bin/env bash
# Packs this package (npm pack, honouring "files") and unpacks it into node_modules/pulumi-nodion,
# so everything in the repository loads the compiled package exactly as a consumer would.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# setup.sh has just built dist/: skip the package's prepare script, which would build it again.
tarball="$(npm pack --silent --ignore-scripts --pack-destination "$out" | tail -n 1)"
target="node_modules/pulumi-nodion"
rm -rf "$target.tmp" && mkdir -p "$target.tmp"
tar -xzf "$out/$tarball" --strip-components=1 -C "$target.tmp"
rm -rf "$target" && mv "$target.tmp" "$target"
