#!/usr/bin/env bash
# The release command: every file a release publishes, built from this checkout into one folder.
#
#   npm run release                 # this machine's plugin archive and every package, dist/release/
#   npm run release -- --all        # plugin archives for every platform buildable here
#   npm run release -- --out <dir>  # another folder
#
# What it writes (version = package.json's):
#   pulumi-resource-nodion-v<version>-<os>-<arch>.tar.gz  the provider plugin (single executable)
#   pulumi-nodion-<version>.tgz                           the npm package (NodionDeployment, client, emulator)
#   pulumi-nodion-nodion-<version>.tgz                    the plugin's Node.js SDK (@pulumi-nodion/nodion)
#   pulumi_nodion-<version>-py3-none-any.whl              the plugin's Python SDK (pulumi_nodion)
# The Go SDK is released as the git tag sdk/go/nodion/v<version> of the repository (the release
# workflow, .github/workflows/release.yml, pushes it); nothing to build for it.
#
# Run after set-up (`bash toolchain/setup.sh`, or through toolchain/run.sh as npm does): it needs
# the npm packages and the toolchain's Node.js. The Python wheel is built by `$PYTHON` (default
# python3) with pip.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf '[release] %s\n' "$*" >&2; }

out="$repo/dist/release"
all=()
while [ $# -gt 0 ]; do
  case "$1" in
    --all) all=(--all) ;;
    --out) out="$(mkdir -p "${2:?--out needs a folder}" && cd "$2" && pwd)" && shift ;;
    *) say "ERROR: unknown argument $1 (usage: release.sh [--all] [--out <dir>])" && exit 2 ;;
  esac
  shift
done
mkdir -p "$out"

say "the npm package"
npm pack --silent --pack-destination "$out" >/dev/null
say "the plugin archive(s)"
node_modules/.bin/ts-node -T provider/plugin/tools/pack-plugin.ts "${all[@]}" --out "$out" >/dev/null
bash toolchain/release/nodejs-sdk.sh "$out"
bash toolchain/release/python-wheel.sh "$out"
say "wrote into $out:"
(cd "$out" && ls -1 ./*.tgz ./*.tar.gz ./*.whl | sed 's|^\./|  |') >&2
