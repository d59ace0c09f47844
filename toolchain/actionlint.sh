#!/usr/bin/env bash
# Checks the GitHub Actions workflows (.github/workflows) with actionlint, built once from its Go
# module into the toolchain cache (outside the checkout). `.ci/run` runs it.
#
#   bash toolchain/actionlint.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=v1.7.12
root="${PULUMI_NODION_TOOLCHAIN_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-nodion/toolchain}"
bin="$root/actionlint-$version/actionlint"
if [ ! -x "$bin" ]; then
  printf '[actionlint] building github.com/rhysd/actionlint %s\n' "$version" >&2
  mkdir -p "$(dirname "$bin")"
  GOTOOLCHAIN=local GOBIN="$(dirname "$bin")" go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
cd "$repo"
"$bin" -no-color
