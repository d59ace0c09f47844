import * as assert from "node:assert/strict";
import type { Deployment, NodionClient } from "../../../client";
import { DeploymentLists } from "../../../provider/deployment-lists";

/** A client whose listDeployments counts calls and answers after a tick. */
function countingClient(): { client: NodionClient; calls: () => number } {
  let calls = 0;
  const client = {
    async listDeployments(): Promise<Deployment[]> {
      calls++;
      await new Promise((r) => setImmediate(r));
      return [];
    },
  } as unknown as NodionClient;
  return { client, calls: () => calls };
}

describe("DeploymentLists", () => {
  it("shares one request among concurrent reads of an application", async () => {
    const { client, calls } = countingClient();
    const lists = new DeploymentLists(5_000);
    await Promise.all([1, 2, 3].map(() => lists.forRead(client, "app-a")));
    await lists.forRead(client, "app-b");
    assert.equal(calls(), 2);
  });

  it("reuses a recent read, but never a finished request for a poll", async () => {
    let now = 0;
    const { client, calls } = countingClient();
    const lists = new DeploymentLists(5_000, () => now);
    await lists.forRead(client, "app");
    now = 4_000;
    await lists.forRead(client, "app");
    assert.equal(calls(), 1, "a read 4 s later reuses the result");
    await lists.forPoll(client, "app");
    assert.equal(calls(), 2, "a poll always asks afresh");
    now = 20_000;
    await lists.forRead(client, "app");
    assert.equal(calls(), 3, "an old result is not reused");
  });
});
