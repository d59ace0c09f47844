#!/usr/bin/env bash
# Builds the Pulumi toolchain this project runs under (CLI, Node.js language host, command plugin,
# and for the provider plugin's SDKs the YAML, Python and Go language hosts plus our SDK generator)
# from the Go module proxy, adds the pinned Node.js from the npm registry (toolchain/node.sh) and a
# Python venv with the pinned `pulumi` package from PyPI, and installs it all into a cache directory
# outside the checkout.
#
#   bash toolchain/install.sh            build or reuse, then link .pulumi-local/toolchain to it
#   bash toolchain/install.sh --verify   only check the linked toolchain
#
# Environment:
#   PULUMI_NODION_TOOLCHAIN_ROOT  where toolchains are cached (default ~/.cache/pulumi-nodion/toolchain)
#
# Idempotent and safe to run concurrently: builds happen under a lock into a temporary folder that
# is renamed into place only once verified, so a reader never sees a half-built toolchain.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

say() { printf '[toolchain] %s\n' "$*" >&2; }
die() {
  printf '[toolchain] ERROR: %s\n' "$1" >&2
  shift
  for line in "$@"; do printf '[toolchain]   %s\n' "$line" >&2; done
  exit 1
}

root="${PULUMI_NODION_TOOLCHAIN_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-nodion/toolchain}"
link="$repo/.pulumi-local/toolchain"

# The key covers every input of the build, so a change to any of them builds a new toolchain.
key_inputs() {
  cat "$here/install.sh" "$here/node.sh" "$here/versions.env" "$here/cli/go.sum" "$here/langhost/go.sum"
  cat "$here"/{yamlhost,pythonhost,gohost,codegen}/go.sum "$here/pythonhost/requirements.txt" "$here"/codegen/*.go
  cat "$here"/command-provider/go.sum "$here"/command-provider/*.go 2>/dev/null || true
}
digest="$(key_inputs | sha256sum | cut -c1-12)"
key="pulumi-${PULUMI_VERSION}_node-${NODE_VERSION}_${digest}"
dest="$root/$key"

verify() {
  local dir="$1" got
  for exe in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs pulumi-language-yaml \
    pulumi-language-python pulumi-language-python-exec pulumi-language-go pulumi-nodion-sdkgen; do
    [ -x "$dir/bin/$exe" ] || { say "missing $dir/bin/$exe"; return 1; }
  done
  [ "$("$dir/node/node" --version 2>/dev/null)" = "v$NODE_VERSION" ] \
    || { say "$dir/node/node is not Node.js $NODE_VERSION"; return 1; }
  [ "$("$dir/node-oldest/node" --version 2>/dev/null)" = "v$NODE_OLDEST_VERSION" ] \
    || { say "$dir/node-oldest/node is not Node.js $NODE_OLDEST_VERSION"; return 1; }
  got="$("$dir/bin/pulumi" version 2>/dev/null)" || { say "pulumi version failed"; return 1; }
  [ "$got" = "$PULUMI_VERSION" ] || { say "pulumi version printed '$got', expected $PULUMI_VERSION"; return 1; }
  got="$("$dir/python/bin/python" -c 'import importlib.metadata as m; print(m.version("pulumi"))' 2>/dev/null)" \
    || { say "$dir/python is not a Python venv with the pulumi package"; return 1; }
  [ "$got" = "$PYTHON_PULUMI_VERSION" ] \
    || { say "the python venv has pulumi '$got', expected $PYTHON_PULUMI_VERSION"; return 1; }
  # The generator refuses to run without a version; any other failure means a broken binary.
  got="$("$dir/bin/pulumi-nodion-sdkgen" -schema /dev/null 2>&1 || true)"
  [[ "$got" == *"-version is required"* ]] || { say "$dir/bin/pulumi-nodion-sdkgen does not run"; return 1; }
  # Read the plugin cache directly: `pulumi plugin ls` can fail while other pulumi runs hold it.
  local plugin="$dir/home/plugins/resource-command-v${COMMAND_VERSION}"
  [ -x "$plugin/pulumi-resource-command" ] && [ ! -e "$plugin.partial" ] \
    || { say "command plugin ${COMMAND_VERSION} is not installed in $dir/home"; return 1; }
}

link_to() {
  mkdir -p "$(dirname "$link")"
  ln -sfn "$1" "$link.tmp.$$" && mv -Tf "$link.tmp.$$" "$link"
}

if [ "${1:-}" = "--verify" ]; then
  verify "$link" && say "toolchain at $(readlink -f "$link") is complete" && exit 0
  die "no complete toolchain is linked at $link" "run: bash toolchain/install.sh"
fi

if [ "${PULUMI_NODION_USE_SYSTEM_PULUMI:-}" = "1" ]; then
  command -v pulumi >/dev/null 2>&1 || die "PULUMI_NODION_USE_SYSTEM_PULUMI=1 but no pulumi on PATH."
  say "using the pulumi on PATH ($(pulumi version)); it must be v3.200 or newer and may download plugins"
  exit 0
fi

if [ -f "$dest/.complete" ] && verify "$dest"; then
  say "reusing $dest"
  link_to "$dest"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  die "Go is not installed, and the Pulumi toolchain is built from Go modules." \
    "Install Go 1.25 or newer (https://go.dev/dl, or your package manager), then run this again." \
    "On a machine with internet you may instead use an installed pulumi CLI (v3.200+): put it on PATH" \
    "and set PULUMI_NODION_USE_SYSTEM_PULUMI=1 (the tests and demo then use it and its plugins)."
fi
python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' >/dev/null 2>&1 \
  || die "python3 (3.9 or newer, with its venv and ensurepip modules) is needed for the Python language host." \
    "Install it (on Debian/Ubuntu: apt-get install python3 python3-venv), then run this again."
command -v npm >/dev/null 2>&1 || die "npm is not installed." "Install Node.js (any version) with npm; the tests fetch Node.js $NODE_VERSION themselves."
shim="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$shim" ] || die "$shim is missing." "Run 'npm ci' in $repo first (npm test does it for you)."

mkdir -p "$root"
exec 9>"$root/.lock"
if ! flock -n 9; then
  say "another install is running; waiting for it"
  flock 9
fi
# Another run may have finished the same toolchain while we waited.
if [ -f "$dest/.complete" ] && verify "$dest"; then
  say "reusing $dest (built by a concurrent run)"
  link_to "$dest"
  exit 0
fi

export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
work="$(mktemp -d "$root/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The command plugin is built outside bin/: installed in PULUMI_HOME, no copy of it is on PATH.
mkdir -p "$work/bin" "$work/build" "$work/home"
started=$SECONDS
build() { # build <label> <module dir> <package> <version variable> <version> <output>
  local t0=$SECONDS
  say "building $1 (first build takes minutes; later ones reuse Go's caches)"
  (cd "$2" && go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X $4=$5" -o "$6" "$3") \
    || die "building $1 failed (see the Go output above)." \
      "If a module was refused by the proxy, the pins in toolchain/versions.env need changing."
  say "built $1 in $((SECONDS - t0))s"
}

build "pulumi CLI $PULUMI_VERSION" "$here/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  github.com/pulumi/pulumi/sdk/v3/go/common/version.Version "$PULUMI_VERSION" "$work/bin/pulumi"
build "Node.js language host (sdk $LANGHOST_SDK_VERSION)" "$here/langhost" \
  github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
  github.com/pulumi/pulumi/sdk/v3/go/common/version.Version "$LANGHOST_SDK_VERSION" \
  "$work/bin/pulumi-language-nodejs"

# The provider plugin's SDK languages: YAML, Python and Go hosts, and our SDK generator (toolchain/
# codegen, at the CLI's pkg/v3 version, so it reuses the CLI's compiled packages).
build "YAML language host $YAML_HOST_VERSION" "$here/yamlhost" \
  github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
  github.com/pulumi/pulumi-yaml/pkg/version.Version "$YAML_HOST_VERSION" "$work/bin/pulumi-language-yaml"
build "Python language host (sdk $PYTHON_HOST_SDK_VERSION)" "$here/pythonhost" \
  github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
  github.com/pulumi/pulumi/sdk/v3/go/common/version.Version "$PYTHON_HOST_SDK_VERSION" \
  "$work/bin/pulumi-language-python"
build "Go language host (sdk $GO_HOST_SDK_VERSION)" "$here/gohost" \
  github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go \
  github.com/pulumi/pulumi/sdk/v3/go/common/version.Version "$GO_HOST_SDK_VERSION" \
  "$work/bin/pulumi-language-go"
build "SDK generator (pkg $PULUMI_VERSION)" "$here/codegen" . main.goSDKVersion "$PULUMI_VERSION" \
  "$work/bin/pulumi-nodion-sdkgen"
# The Python host starts this script (shipped in the same sdk/v3 module) with the program's python.
pysdk="$(cd "$here/pythonhost" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$pysdk/python/cmd/pulumi-language-python-exec" "$work/bin/pulumi-language-python-exec"
# The venv programs run in (activated by putting python/bin first on PATH: the CLI no longer hands
# the host a `virtualenv` option it understands). Every package is pinned; wheels only, no builds.
t0=$SECONDS
say "creating the Python venv (pulumi $PYTHON_PULUMI_VERSION from PyPI)"
python3 -m venv "$work/python" >&2
"$work/python/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
  --only-binary=:all: -r "$here/pythonhost/requirements.txt" >&2 \
  || die "installing toolchain/pythonhost/requirements.txt from PyPI failed (see above)."
say "created the Python venv in $((SECONDS - t0))s"

# The real command provider, if the proxy serves it; otherwise our own stand-in (see its README).
real_cmd="github.com/pulumi/pulumi-command/provider"
if (cd "$work" && go mod download "$real_cmd@v$COMMAND_VERSION" >/dev/null 2>&1); then
  say "the proxy serves $real_cmd; building the real command plugin"
  mkdir -p "$work/cmdmod"
  (cd "$work/cmdmod" && go mod init pulumi-nodion/toolchain/command-real >/dev/null 2>&1 \
    && go get -tool "$real_cmd/cmd/pulumi-resource-command@v$COMMAND_VERSION" >/dev/null 2>&1) \
    || die "fetching $real_cmd@v$COMMAND_VERSION failed."
  build "command plugin $COMMAND_VERSION" "$work/cmdmod" "$real_cmd/cmd/pulumi-resource-command" \
    "$real_cmd/pkg/version.Version" "$COMMAND_VERSION" "$work/build/pulumi-resource-command"
else
  say "the proxy does not serve $real_cmd; building our stand-in (toolchain/command-provider)"
  build "command plugin stand-in $COMMAND_VERSION" "$here/command-provider" . \
    main.version "$COMMAND_VERSION" "$work/build/pulumi-resource-command"
fi

cp "$shim" "$work/bin/pulumi-resource-pulumi-nodejs"
# Node.js: the language host and the dynamic-provider shim start the `node` first on PATH, which is
# node/ whenever the project runs pulumi (toolchain/env.ts). Not in bin/: the CLI puts its own
# folder first on its plugins' PATH, so a node there would win over any other. The oldest
# supported Node sits apart, for the oldest-pair test.
mkdir -p "$work/node" "$work/node-oldest"
ln -s "$(bash "$here/node.sh" "$NODE_VERSION")/node" "$work/node/node"
ln -s "$(bash "$here/node.sh" "$NODE_OLDEST_VERSION")/node" "$work/node-oldest/node"
chmod +x "$work/bin/pulumi-resource-pulumi-nodejs"
say "installing the command plugin into the toolchain's PULUMI_HOME"
PULUMI_HOME="$work/home" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
  "$work/bin/pulumi" plugin install resource command "$COMMAND_VERSION" \
  --file "$work/build/pulumi-resource-command" >&2

verify "$work" || die "the freshly built toolchain failed verification (see above)."
touch "$work/.complete"
rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
link_to "$dest"
say "installed $dest in $((SECONDS - started))s ($(du -sh "$dest" | cut -f1))"
