import * as assert from "node:assert/strict";
import type { Application, Deployment } from "../../../client";
import { getApplicationArgs, getDeploymentsArgs } from "../../../provider/functions/arguments";
import { applicationResult, deploymentsResult } from "../../../provider/functions/results";

const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";
const SHA_A = "a".repeat(40);
const SHA_B = "b".repeat(40);

function deployment(n: number, status: string, gitSha: string | null): Deployment {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    status,
    deployNumber: n,
    gitSha,
    commitMessage: `commit ${n}`,
    committerName: "A",
    committerEmail: null,
    committerUsername: null,
    commitTimestamp: null,
    strategy: "dockerfile",
    imageReference: null,
    createdAt: `2026-01-0${n}T00:00:00.000Z`,
    updatedAt: null,
  };
}

// Sent oldest first, to show that the order comes from the deploy numbers, not the API.
const LIST = [
  deployment(1, "available", SHA_A),
  deployment(2, "failed", SHA_B),
  deployment(3, "available", SHA_B),
  deployment(4, "building-soon", SHA_A),
];

describe("getDeployments and getApplication results", () => {
  it("lists newest first under the resource's output names", () => {
    const result = deploymentsResult({ applicationId: APP }, LIST);
    assert.deepEqual(
      result.deployments.map((d) => d.deployNumber),
      [4, 3, 2, 1],
    );
    assert.deepEqual(result.deployments[1], {
      deploymentId: LIST[2]?.id,
      deployNumber: 3,
      status: "available",
      gitSha: SHA_B,
      commitMessage: "commit 3",
      committerName: "A",
      committerEmail: null,
      committerUsername: null,
      commitTimestamp: null,
      strategy: "dockerfile",
      imageReference: null,
      createdAt: "2026-01-03T00:00:00.000Z",
      updatedAt: null,
    });
    // An unknown status is kept verbatim and is the newest; the newest available is #3.
    assert.equal(result.latest?.deployNumber, 4);
    assert.equal(result.latest?.status, "building-soon");
    assert.equal(result.latestAvailable?.deployNumber, 3);
  });

  it("filters by status and sha (any case); the limit trims only the list", () => {
    const bySha = deploymentsResult({ applicationId: APP, gitSha: SHA_B.toUpperCase() }, LIST);
    assert.deepEqual(
      bySha.deployments.map((d) => d.deployNumber),
      [3, 2],
    );
    const failed = deploymentsResult({ applicationId: APP, status: "failed" }, LIST);
    assert.deepEqual(
      failed.deployments.map((d) => d.deployNumber),
      [2],
    );
    assert.equal(failed.latestAvailable, null);
    const limited = deploymentsResult({ applicationId: APP, limit: 1, status: "available" }, LIST);
    assert.deepEqual(
      limited.deployments.map((d) => d.deployNumber),
      [3],
    );
    assert.equal(limited.latestAvailable?.deployNumber, 3);
  });

  it("returns an empty list and null latest for an application with no deployments", () => {
    assert.deepEqual(deploymentsResult({ applicationId: APP }, []), {
      applicationId: APP,
      deployments: [],
      latest: null,
      latestAvailable: null,
    });
  });

  it("refuses bad arguments naming the function and the argument", () => {
    assert.throws(() => getDeploymentsArgs({ applicationId: "not-a-uuid" }), {
      message: 'getDeployments: applicationId must be a UUID, got "not-a-uuid"',
    });
    assert.throws(
      () => getDeploymentsArgs({}),
      (e: Error) => /getDeployments: applicationId is required/.test(e.message),
    );
    assert.throws(
      () => getDeploymentsArgs({ applicationId: APP, limit: 0 }),
      (e: Error) =>
        /getDeployments: limit must be a whole number from 1 to 1000, got 0$/.test(e.message),
    );
    assert.throws(
      () => getDeploymentsArgs({ applicationId: APP, status: 3 }),
      (e: Error) => /getDeployments: status must be a string, got 3$/.test(e.message),
    );
    assert.throws(() => getApplicationArgs({ applicationId: "x\ny" }), {
      message: 'getApplication: applicationId must be a UUID, got "x\\ny"',
    });
    assert.deepEqual(getDeploymentsArgs({ applicationId: APP, status: "", gitSha: null }), {
      applicationId: APP,
    });
  });

  it("reads an application's name, status, strategy, image and region slug", () => {
    const app: Application = {
      id: APP,
      name: "web",
      status: "online",
      state: "default",
      deploymentStrategy: "prebuilt_image",
      imageName: "nginx",
      imageTag: "1.25",
      region: null,
    };
    assert.deepEqual(applicationResult(app), {
      applicationId: APP,
      name: "web",
      status: "online",
      strategy: "prebuilt_image",
      imageName: "nginx",
      imageTag: "1.25",
      regionSlug: null,
    });
  });
});
