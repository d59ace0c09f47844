import assert from "node:assert/strict";
import { findLateDuplicates, LATE_COMMIT_HORIZON_MS, type Deployment } from "../../../client";
import { deploymentFixture } from "./fixtures";

describe("findLateDuplicates", () => {
  const SHA = "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e";
  const OTHER = "0123456789abcdef0123456789abcdef01234567";
  const at = Date.parse("2026-12-02T10:00:00.000Z");
  const deployment = (n: number, extra: Partial<Deployment> = {}): Deployment =>
    deploymentFixture({
      deployNumber: n,
      status: "available",
      gitSha: SHA,
      createdAt: new Date(at + n * 1000).toISOString(),
      ...extra,
    });
  const unclear = { afterDeployNumber: 2, postedAt: at };

  it("finds deployments of the same commit above the snapshot, lowest first, never ours", () => {
    const own = deployment(3);
    const list = [deployment(5), own, deployment(4, { gitSha: OTHER }), deployment(2)];
    assert.deepEqual(
      findLateDuplicates(list, own, unclear).map((d) => d.deployNumber),
      [5],
    );
    const late = deployment(6);
    assert.deepEqual(
      findLateDuplicates([late, deployment(5), own], own, unclear).map((d) => d.deployNumber),
      [5, 6],
    );
  });

  it("counts one made before ours (the late commit landed before our second POST)", () => {
    const own = deployment(4);
    assert.deepEqual(
      findLateDuplicates([own, deployment(3)], own, unclear).map((d) => d.deployNumber),
      [3],
    );
  });

  it("matches image deployments by image reference", () => {
    const image = { gitSha: null, strategy: "prebuilt_image" };
    const own = deployment(3, { ...image, imageReference: "docker.io/library/nginx:1.25" });
    const same = deployment(4, { ...image, imageReference: "docker.io/library/nginx:1.25" });
    const other = deployment(5, { ...image, imageReference: "docker.io/library/nginx:1.26" });
    assert.deepEqual(
      findLateDuplicates([other, same, own], own, unclear).map((d) => d.deployNumber),
      [4],
    );
  });

  it("reports none for a deployment that shows neither a sha nor an image", () => {
    const own = deployment(3, { gitSha: null });
    assert.deepEqual(findLateDuplicates([deployment(4, { gitSha: null }), own], own, unclear), []);
  });

  it("ignores a deployment created after the horizon (someone else's redeploy of the commit)", () => {
    const own = deployment(3);
    const later = deployment(4, {
      createdAt: new Date(at + LATE_COMMIT_HORIZON_MS + 1).toISOString(),
    });
    const unparsable = deployment(5, { createdAt: "yesterday" });
    assert.deepEqual(
      findLateDuplicates([unparsable, later, own], own, unclear).map((d) => d.deployNumber),
      [5],
    );
  });
});
