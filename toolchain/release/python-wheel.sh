#!/usr/bin/env bash
# The plugin's Python SDK (the committed sdk/python, package pulumi_nodion) as a wheel in <dir>,
# built by pip with the setuptools of `$PYTHON` (default python3; `python3 -m pip install
# setuptools` where it has none), offline; prints the wheel's path.
#
#   bash toolchain/release/python-wheel.sh <dir>
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(mkdir -p "${1:?usage: python-wheel.sh <dir>}" && cd "$1" && pwd)"
python="${PYTHON:-python3}"
printf '[release] the Python SDK wheel\n' >&2
# A copy: pip's build writes build/ and *.egg-info next to the sources.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$repo/sdk/python" "$work/python"
"$python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -w "$work/wheel" "$work/python" >&2
wheel="$(ls "$work"/wheel/*.whl)"
cp "$wheel" "$out/"
echo "$out/$(basename "$wheel")"
