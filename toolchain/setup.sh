#!/usr/bin/env bash
# Everything `npm test`, `npm run demo` and `npm run bench` need before they start, on a fresh
# machine or a warm one: npm packages, the Pulumi toolchain, the compiled package, and a link that
# lets in-repo Pulumi programs (and their serialized providers) load `pulumi-nodion` by name.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf '[setup] %s\n' "$*" >&2; }
# shellcheck source=versions.env
source toolchain/versions.env

# 0. The pinned Node.js (fetched once into the toolchain cache); everything below runs on it.
PATH="$(bash toolchain/node.sh "$NODE_VERSION"):$PATH"
export PATH

# 1. npm packages, reinstalled only when the lockfile changed. Install scripts are skipped:
#    @pulumi/command's would try to download its plugin.
stamp="node_modules/.pulumi-nodion-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm packages (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund >&2
  echo "$want" >"$stamp"
fi

# 2. The Pulumi CLI, language host and command plugin (cached outside the checkout).
bash toolchain/install.sh

# 3. The package itself, as a consumer would load it (a clean build: nothing stale gets packed).
say "compiling (tsc)"
npm run --silent build

# 4. Install the package into node_modules/pulumi-nodion exactly as a consumer gets it (a packed
#    copy, not a link): in-repo programs then load it by name, and Pulumi serializes its provider
#    as a one-line require instead of code (see provider/handlers.ts).
bash toolchain/install-self.sh
say "ready"
