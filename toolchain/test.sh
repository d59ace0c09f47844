#!/usr/bin/env bash
# The README's test command. `npm test` runs it after toolchain/run.sh's set-up:
#
#   bash toolchain/run.sh bash toolchain/test.sh                   # every test file
#   bash toolchain/run.sh bash toolchain/test.sh tests/plugin      # one folder
#   bash toolchain/run.sh bash toolchain/test.sh tests/engine/smoke.test.ts   # one file
#
# Test files run in mocha's parallel mode, PULUMI_NODION_TEST_JOBS files at a time (default 3: an
# engine test spends most of its time waiting for the CLI, the emulator's builds and its own
# timeouts, so three files keep two cores busy). The files in `alone` run afterwards, one at a
# time with nothing else running: they send signals, kill process trees or measure load, and
# their timing margins assume a quiet machine.
#
# The plugin archive every engine test installs and the npm package's tarball are packed once
# here, for every worker (PULUMI_NODION_TEST_PLUGIN_ARCHIVE, PULUMI_NODION_TEST_PACKAGE_TARBALL).
# With PULUMI_NODION_TEST_TIMES=<file>, each file's wall time and passing count are appended to
# <file> as JSON lines (tests/timing/, `npm run test:times`).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

alone=(
  tests/reliability/interrupted.test.ts
  tests/reliability/interrupted-update.test.ts
  tests/reliability/load.test.ts
)

# The selection: every test file under the given folders and files (default: tests/).
selection=()
for arg in "${@:-tests}"; do
  if [ -d "$arg" ]; then
    while IFS= read -r file; do selection+=("$file"); done < <(find "${arg%/}" -name '*.test.ts' -type f | sort)
  elif [ -f "$arg" ]; then
    selection+=("${arg#./}")
  else
    echo "toolchain/test.sh: no such test file or folder: $arg" >&2
    exit 2
  fi
done
together=() by_itself=()
for file in "${selection[@]}"; do
  if printf '%s\n' "${alone[@]}" | grep -qxF "$file"; then by_itself+=("$file"); else together+=("$file"); fi
done

work="$repo/.pulumi-local/test-run-$$"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
# setup.sh has just compiled dist/; both packs read it, and no test rebuilds it while others run.
if [ -z "${PULUMI_NODION_TEST_PLUGIN_ARCHIVE:-}" ]; then
  echo "== packing the plugin for this run" >&2
  PULUMI_NODION_TEST_PLUGIN_ARCHIVE="$(ts-node -T provider/plugin/tools/pack-plugin.ts --out "$work")"
  export PULUMI_NODION_TEST_PLUGIN_ARCHIVE
fi
if [ -z "${PULUMI_NODION_TEST_PACKAGE_TARBALL:-}" ]; then
  echo "== packing the npm package for this run" >&2
  name="$(npm pack --silent --ignore-scripts --pack-destination "$work" | tail -n 1)"
  export PULUMI_NODION_TEST_PACKAGE_TARBALL="$work/$name"
fi

mocha_args=()
if [ -n "${PULUMI_NODION_TEST_TIMES:-}" ]; then
  mocha_args+=(--require tests/timing/record-file-times.ts)
fi

status=0
if [ "${#together[@]}" -gt 0 ]; then
  echo "== ${#together[@]} test files, ${PULUMI_NODION_TEST_JOBS:-3} at a time" >&2
  mocha "${mocha_args[@]}" --parallel --jobs "${PULUMI_NODION_TEST_JOBS:-3}" "${together[@]}" || status=1
fi
# One mocha per file (mocha runs a single job serially, and root hooks then run once per process).
for file in "${by_itself[@]}"; do
  echo "== $file, alone" >&2
  mocha "${mocha_args[@]}" "$file" || status=1
done
exit "$status"
