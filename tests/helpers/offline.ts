import * as assert from "node:assert/strict";

/** Phrases the CLI prints when it downloads a plugin or falls back to one found on PATH. */
const NETWORK_OR_PATH_SIGNS: readonly RegExp[] = [
  /using plugin from \$PATH/i,
  /using pulumi-resource-\S+ from \$PATH/i,
  /from \$PATH/i,
  /downloading plugin/i,
  /installing plugin/i,
  /get\.pulumi\.com/i,
  /api\.github\.com/i,
  /failed to download/i,
  /A new version of Pulumi is available/i,
];

/** Fails when CLI output shows any attempt to reach the network or a plugin taken from PATH. */
export function assertOffline(output: string): void {
  for (const sign of NETWORK_OR_PATH_SIGNS) {
    assert.doesNotMatch(output, sign, `CLI output shows ${sign}`);
  }
}
