#!/usr/bin/env bash
# The plugin's Node.js SDK as an npm tarball (@pulumi-nodion/nodion, compiled from the committed
# sdk/nodejs by toolchain/build-nodejs-sdk.sh) in <dir>; prints the tarball's path.
#
#   bash toolchain/release/nodejs-sdk.sh <dir>
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: nodejs-sdk.sh <dir>}"
mkdir -p "$out"
bash "$repo/toolchain/build-nodejs-sdk.sh"
printf '[release] the Node.js SDK\n' >&2
name="$(cd "$repo/sdk/nodejs/bin" && npm pack --silent --pack-destination "$(cd "$out" && pwd)" | tail -n 1)"
echo "$(cd "$out" && pwd)/$name"
