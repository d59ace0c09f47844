import * as assert from "node:assert/strict";
import { Deployment, ServerError } from "../../../client";
import {
  DeploymentVanishedError,
  pollDelayMs,
  waitForDeployment,
  WaitTimeoutError,
} from "../../../provider/wait";
import { FakeClock } from "../client/fake-clock";
import { deploymentFixture } from "../client/fixtures";

function deployment(status: string): Deployment {
  return deploymentFixture({
    id: "d1",
    status,
    deployNumber: 7,
    createdAt: "2025-03-01T12:00:00.000+00:00",
  });
}

describe("waitForDeployment", () => {
  it("polls until a terminal status and reports each change once", async () => {
    const clock = new FakeClock();
    const statuses = ["created", "waiting", "waiting", "available"];
    const lines: string[] = [];
    const final = await waitForDeployment(
      async () => deployment(statuses.shift() ?? "available"),
      deployment("created"),
      { timeoutMs: 60_000, clock, onProgress: (l) => lines.push(l) },
    );
    assert.equal(final.status, "available");
    assert.deepEqual(
      lines.map((l) => l.replace(/ \(\d+s\)$/, "")),
      ["deploy #7: created", "deploy #7: created -> waiting", "deploy #7: waiting -> available"],
    );
    assert.equal(clock.sleeps.length, 4);
  });

  it("treats an unknown status as still in progress until the timeout", async () => {
    const clock = new FakeClock();
    await assert.rejects(
      waitForDeployment(async () => deployment("queued_for_build"), deployment("created"), {
        timeoutMs: 10_000,
        clock,
        onProgress: () => undefined,
      }),
      (err: unknown) => err instanceof WaitTimeoutError && err.last.status === "queued_for_build",
    );
    assert.equal(clock.slept, 10_000, "waited exactly the timeout");
  });

  it("keeps polling through retryable API errors", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const final = await waitForDeployment(
      async () => {
        calls++;
        if (calls === 1) {
          throw new ServerError({
            status: 503,
            operation: "list deployments",
            method: "GET",
            path: "/v1/applications/a/deployments",
            retryable: true,
            outcomeUnknown: false,
            message: "Nodion API: list deployments: 503 Service Unavailable",
          });
        }
        return deployment("available");
      },
      deployment("waiting"),
      { timeoutMs: 60_000, clock, onProgress: () => undefined },
    );
    assert.equal(final.status, "available");
    assert.equal(calls, 2);
  });

  it("waits out a list that does not show a new deployment yet, within the grace period", async () => {
    const clock = new FakeClock();
    const answers = [undefined, undefined, deployment("waiting"), deployment("available")];
    const final = await waitForDeployment(async () => answers.shift(), deployment("created"), {
      timeoutMs: 60_000,
      clock,
      onProgress: () => undefined,
      listGraceMs: 5_000,
    });
    assert.equal(final.status, "available");
  });

  it("calls a deployment vanished once the list showed it, or after the grace period", async () => {
    const listedThenGone = [deployment("waiting"), undefined];
    await assert.rejects(
      waitForDeployment(async () => listedThenGone.shift(), deployment("created"), {
        timeoutMs: 60_000,
        clock: new FakeClock(),
        onProgress: () => undefined,
      }),
      (err: unknown) => err instanceof DeploymentVanishedError && err.everListed,
    );
    const clock = new FakeClock();
    await assert.rejects(
      waitForDeployment(async () => undefined, deployment("created"), {
        timeoutMs: 60_000,
        clock,
        onProgress: () => undefined,
        listGraceMs: 5_000,
      }),
      (err: unknown) => err instanceof DeploymentVanishedError && !err.everListed,
    );
    assert.ok(clock.slept >= 5_000 && clock.slept < 6_000, `gave up after ${clock.slept} ms`);
  });

  it("polls every half second for ten seconds, then backs off to three seconds", () => {
    assert.equal(pollDelayMs(0), 500);
    assert.equal(pollDelayMs(19), 500);
    assert.ok(pollDelayMs(21) > 500 && pollDelayMs(21) < 600);
    assert.equal(pollDelayMs(60), 3000);
    let total = 0;
    let polls = 0;
    while (total < 300_000) total += pollDelayMs(polls++);
    assert.ok(polls < 140, `a five-minute build costs ${polls} polls`);
  });
});
