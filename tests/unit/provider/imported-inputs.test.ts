import * as assert from "node:assert/strict";
import type { Deployment } from "../../../client";
import { importedInputs } from "../../../provider/deployment-provider";

const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";
const SHA = "80dd7af0bf7370c9e5f25e68bd7e28fd7b3f8920";

function listed(gitSha: string | null, imageReference: string | null): Deployment {
  return {
    id: "0f9b7c1e-2d3a-4b5c-8d6e-7f8091a2b3c4",
    status: "available",
    deployNumber: 3,
    gitSha,
    commitMessage: null,
    committerName: null,
    committerEmail: null,
    committerUsername: null,
    commitTimestamp: null,
    strategy: null,
    imageReference,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: null,
  };
}

describe("what pulumi import records as inputs", () => {
  it("a git deployment's sha as its trigger", () => {
    assert.deepEqual(importedInputs(APP, listed(SHA, null)), {
      applicationId: APP,
      triggers: [SHA],
    });
  });

  it("an image deployment's tag as imageTag, and no triggers", () => {
    assert.deepEqual(importedInputs(APP, listed(null, "docker.io/nginx:1.25")), {
      applicationId: APP,
      imageTag: "1.25",
    });
  });

  it("only the application when the deployment shows neither", () => {
    assert.deepEqual(importedInputs(APP, listed(null, null)), { applicationId: APP });
  });
});
