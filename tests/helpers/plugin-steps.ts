import * as assert from "node:assert/strict";
import type { RunningEmulator } from "../../emulator";
import { mutatingRequests } from "./nodion";
import type { TestStack } from "./pulumi-stack";

/**
 * Steps the plugin's lifecycle tests share (tests/plugin/no-node, tests/languages/scenario), for a
 * stack whose program takes its trigger from config `trigger` and already deployed #1.
 */

/** Sets `trigger` to `sha-2`, runs `up`, and checks it made one POST and nothing else (#2). */
export async function triggerChangeDeploysOnce(
  stack: TestStack,
  emulator: RunningEmulator,
  applicationId: string,
): Promise<void> {
  await emulator.control.clearRequests();
  await stack.setConfig("trigger", "sha-2");
  const up = await stack.up();
  assert.equal(up.code, 0, up.output);
  assert.deepEqual(await mutatingRequests(emulator), [
    `POST /v1/applications/${applicationId}/deployments`,
  ]);
  assert.equal((await stack.outputs()).deployNumber, 2);
}

/** Runs `refresh` and checks it changed nothing at the API and kept deploy #2 of `type`. */
export async function refreshChangesNothing(
  stack: TestStack,
  emulator: RunningEmulator,
  type: string,
): Promise<void> {
  await emulator.control.clearRequests();
  const refresh = await stack.refresh();
  assert.equal(refresh.code, 0, refresh.output);
  assert.deepEqual(await mutatingRequests(emulator), []);
  const resource = (await stack.resources()).find((r) => r.type === type);
  assert.equal(resource?.outputs?.deployNumber, 2);
}
