import assert from "node:assert/strict";
import {
  isTerminalStatus,
  parseApplicationEnvelope,
  parseApplicationList,
  parseDeployment,
  parseDeploymentEnvelope,
  parseDeploymentList,
  WireFormatError,
  type Deployment,
} from "../../../client";
import {
  DOCUMENTED_LIST,
  DOCUMENTED_TRIGGER,
  GIT_APP,
  PREBUILT_IMAGE_DEPLOYMENT,
  without,
} from "./fixtures";

function wireError(run: () => unknown): WireFormatError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof WireFormatError, `expected WireFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a WireFormatError");
}

describe("wire parsing", () => {
  it("parses the documented deployment list example", () => {
    const list = parseDeploymentList(DOCUMENTED_LIST);
    assert.equal(list.length, 2);
    assert.deepEqual(list[0], {
      id: "92955d4f-2e44-4e48-8cb6-9c6c434afebb",
      status: "available",
      deployNumber: 2,
      gitSha: "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e",
      commitMessage: "test",
      committerName: "John Doe",
      committerEmail: "info@nodion.com",
      committerUsername: "nodion",
      commitTimestamp: "2022-09-17T18:12:37.000+02:00",
      strategy: null,
      imageReference: null,
      createdAt: "2023-04-18T18:32:25.018+02:00",
      updatedAt: null,
    } satisfies Deployment);
    assert.equal(list[1]?.deployNumber, 1);
  });

  it("parses the documented trigger example including updated_at", () => {
    const deployment = parseDeploymentEnvelope(DOCUMENTED_TRIGGER);
    assert.equal(deployment.id, "c3f85434-5470-46de-bbeb-ce668ca2c351");
    assert.equal(deployment.status, "created");
    assert.equal(deployment.deployNumber, 3);
    assert.equal(deployment.updatedAt, "2023-04-25T08:58:59.771+02:00");
  });

  it("parses a pre-built image deployment with a null git_sha", () => {
    const deployment = parseDeployment(PREBUILT_IMAGE_DEPLOYMENT);
    assert.equal(deployment.gitSha, null);
    assert.equal(deployment.strategy, "prebuilt_image");
    assert.equal(deployment.imageReference, "docker.io/nginx:1.25");
    assert.equal(deployment.committerName, "Container Registry");
  });

  it("turns missing optional fields into null", () => {
    const deployment = parseDeployment({
      id: "d-1",
      status: "waiting",
      deploy_number: 1,
      created_at: "2024-01-01T00:00:00.000+00:00",
    });
    for (const field of [
      "gitSha",
      "commitMessage",
      "committerName",
      "committerEmail",
      "committerUsername",
      "commitTimestamp",
      "strategy",
      "imageReference",
      "updatedAt",
    ] as const) {
      assert.equal(deployment[field], null, field);
    }
  });

  it("ignores unknown fields", () => {
    const deployment = parseDeployment({
      ...PREBUILT_IMAGE_DEPLOYMENT,
      build_seconds: 42,
      extra: {},
    });
    assert.equal(deployment.id, PREBUILT_IMAGE_DEPLOYMENT.id);
    assert.ok(!("build_seconds" in deployment));
    assert.ok(!("buildSeconds" in deployment));
  });

  it("keeps an unknown status verbatim", () => {
    const deployment = parseDeployment({ ...PREBUILT_IMAGE_DEPLOYMENT, status: "building" });
    assert.equal(deployment.status, "building");
  });

  for (const field of ["id", "status", "deploy_number", "created_at"]) {
    it(`rejects a deployment without ${field} and names the field`, () => {
      const rest = without(DOCUMENTED_LIST.deployments[1], field);
      const error = wireError(() =>
        parseDeploymentList({ deployments: [DOCUMENTED_LIST.deployments[0], rest] }),
      );
      assert.equal(error.field, `deployments[1].${field}`);
      assert.match(error.message, new RegExp(`deployments\\[1\\]\\.${field} is missing`));
    });
  }

  it("rejects a non-integer deploy_number", () => {
    const error = wireError(() =>
      parseDeployment({ ...PREBUILT_IMAGE_DEPLOYMENT, deploy_number: "7" }),
    );
    assert.equal(error.field, "deployment.deploy_number");
    assert.match(error.message, /must be an integer but is a string/);
  });

  it("rejects an optional field of the wrong type", () => {
    const error = wireError(() => parseDeployment({ ...PREBUILT_IMAGE_DEPLOYMENT, git_sha: 12 }));
    assert.equal(error.field, "deployment.git_sha");
  });

  it("rejects a body without the envelope key", () => {
    assert.equal(wireError(() => parseDeploymentList({ data: [] })).field, "deployments");
    assert.equal(wireError(() => parseDeploymentEnvelope({})).field, "deployment");
    assert.equal(wireError(() => parseDeploymentList([])).field, "body");
  });

  it("parses applications with and without a region", () => {
    const app = parseApplicationEnvelope({ application: { ...GIT_APP, workers: [] } });
    assert.deepEqual(app, {
      id: GIT_APP.id,
      name: "web",
      status: "online",
      state: "default",
      deploymentStrategy: "dockerfile",
      imageName: null,
      imageTag: null,
      region: { id: "7a1e9c3d-0000-4000-8000-000000000001", name: "Frankfurt, DE", slug: "fra" },
    });
    const [bare] = parseApplicationList({ applications: [{ id: "a-1", name: "bare" }] });
    assert.equal(bare?.region, null);
    assert.equal(bare?.status, null);
  });

  it("rejects an application without a name", () => {
    const error = wireError(() => parseApplicationList({ applications: [{ id: "a-1" }] }));
    assert.equal(error.field, "applications[0].name");
  });
});

describe("isTerminalStatus", () => {
  it("treats available, failed and expired as terminal", () => {
    for (const status of ["available", "failed", "expired"])
      assert.equal(isTerminalStatus(status), true);
  });

  it("treats created, waiting and unknown statuses as still running", () => {
    for (const status of ["created", "waiting", "building", ""])
      assert.equal(isTerminalStatus(status), false);
  });
});
