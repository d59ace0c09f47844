import assert from "node:assert/strict";
import {
  findOwnDeployment,
  identityOf,
  type Deployment,
  type OwnershipQuery,
} from "../../../client";
import { deploymentFixture } from "./fixtures";

function deployment(
  deployNumber: number,
  fields: { status?: string; imageReference?: string | null; gitSha?: string | null } = {},
): Deployment {
  return deploymentFixture({ deployNumber, ...fields });
}

const posted = (after: number, extra: Partial<OwnershipQuery> = {}): OwnershipQuery => ({
  after,
  evidence: "posted",
  ...extra,
});

describe("findOwnDeployment", () => {
  it("after a POST picks the lowest unclaimed deployment above the snapshot", () => {
    const list = [deployment(5), deployment(4), deployment(3)];
    assert.equal(findOwnDeployment(list, posted(3))?.deployNumber, 4);
    assert.equal(findOwnDeployment(list, posted(5)), undefined);
    assert.equal(findOwnDeployment(list, posted(3), (d) => d.deployNumber === 4)?.deployNumber, 5);
  });

  it("prefers the requested image tag, then no visible tag, never another tag", () => {
    const list = [
      deployment(4, { imageReference: "r:5000/app:v1" }),
      deployment(5, { imageReference: "r:5000/app:v2" }),
    ];
    assert.equal(findOwnDeployment(list, posted(3, { imageTag: "v2" }))?.deployNumber, 5);
    assert.equal(
      findOwnDeployment([deployment(4)], posted(3, { imageTag: "v2" }))?.deployNumber,
      4,
    );
    const pinned = [deployment(4, { imageReference: "app@sha256:abc" })];
    assert.equal(findOwnDeployment(pinned, posted(3, { imageTag: "v2" }))?.deployNumber, 4);
    const other = [deployment(4, { imageReference: "app:v1" })];
    assert.equal(findOwnDeployment(other, posted(3, { imageTag: "v2" })), undefined);
  });

  it("after a POST takes a finished deployment too, and prefers one showing a trigger sha", () => {
    const list = [
      deployment(4, { status: "available", gitSha: "x" }),
      deployment(5, { gitSha: "abc" }),
    ];
    assert.equal(findOwnDeployment(list, posted(3, { gitShas: ["abc"] }))?.deployNumber, 5);
    assert.equal(findOwnDeployment(list, posted(3))?.deployNumber, 4);
  });

  const interrupted: [string, OwnershipQuery["evidence"], Deployment[], number | undefined][] = [
    [
      "takes one in progress that shows the sha",
      "interrupted-update",
      [deployment(4, { gitSha: "abc" })],
      4,
    ],
    [
      "needs the sha as evidence",
      "interrupted-create",
      [deployment(4, { gitSha: "zzz" })],
      undefined,
    ],
    [
      "needs the tag as evidence",
      "interrupted-create",
      [deployment(4, { imageReference: null })],
      undefined,
    ],
    [
      "on create takes one available and newest",
      "interrupted-create",
      [deployment(4, { gitSha: "abc", status: "available" })],
      4,
    ],
    [
      "on create not one available but superseded",
      "interrupted-create",
      [
        deployment(4, { gitSha: "abc", status: "available" }),
        deployment(5, { status: "available" }),
      ],
      undefined,
    ],
    [
      "on update not a finished one when nothing says what the recorded one was",
      "interrupted-update",
      [deployment(4, { gitSha: "abc", status: "available" })],
      undefined,
    ],
  ];
  for (const [what, evidence, list, expected] of interrupted) {
    it(`after an interruption ${what}`, () => {
      const query: OwnershipQuery = { after: 3, evidence, gitShas: ["abc"] };
      assert.equal(findOwnDeployment(list, query)?.deployNumber, expected);
    });
  }

  describe("an interrupted update (the recorded deploy #3 is known)", () => {
    const update = (recorded: OwnershipQuery["recorded"], extra: Partial<OwnershipQuery> = {}) =>
      ({ after: 3, evidence: "interrupted-update", gitShas: ["abc"], recorded, ...extra }) as const;

    it("takes a finished deployment of the new sha when the recorded one was of another", () => {
      for (const status of ["available", "failed", "expired"]) {
        const list = [deployment(4, { gitSha: "abc", status }), deployment(3, { gitSha: "old" })];
        assert.equal(findOwnDeployment(list, update({ gitShas: ["old"] }))?.deployNumber, 4);
      }
    });

    it("takes one even when a newer deployment followed it", () => {
      const list = [
        deployment(5, { gitSha: "zzz", status: "available" }),
        deployment(4, { gitSha: "abc", status: "available" }),
      ];
      assert.equal(findOwnDeployment(list, update({ gitShas: ["old"] }))?.deployNumber, 4);
    });

    it("never takes a finished one of the recorded sha: that change asks for a fresh deploy", () => {
      const list = [deployment(4, { gitSha: "abc", status: "available" })];
      assert.equal(findOwnDeployment(list, update({ gitShas: ["abc"] })), undefined);
      assert.equal(findOwnDeployment(list, update({ gitShas: [] })), undefined, "sha unknown");
    });

    it("never takes one numbered at or below the recorded one, nor one of another sha", () => {
      const list = [
        deployment(3, { gitSha: "abc", status: "available" }),
        deployment(4, { gitSha: "zzz", status: "available" }),
      ];
      assert.equal(findOwnDeployment(list, update({ gitShas: ["old"] })), undefined);
    });

    it("for an image tag compares tags", () => {
      const list = [
        deployment(4, { imageReference: "docker.io/library/nginx:1.27", status: "available" }),
      ];
      const image = (recordedTag?: string) =>
        update(recordedTag === undefined ? {} : { imageTag: recordedTag }, { imageTag: "1.27" });
      assert.equal(findOwnDeployment(list, image("1.25"))?.deployNumber, 4);
      assert.equal(findOwnDeployment(list, image("1.27")), undefined);
      assert.equal(findOwnDeployment(list, image()), undefined, "recorded tag unknown");
    });
  });

  it("identityOf reads what a recorded deployment shows", () => {
    assert.deepEqual(identityOf({ gitSha: "abc", imageReference: null }), { gitShas: ["abc"] });
    assert.deepEqual(identityOf({ gitSha: null, imageReference: "ghcr.io/a/b:v2" }), {
      imageTag: "v2",
      gitShas: [],
    });
    assert.deepEqual(identityOf({ gitSha: null, imageReference: "a@sha256:1" }), { gitShas: [] });
  });

  it("after an interruption of an image deploy needs the tag", () => {
    const list = [deployment(4, { imageReference: "docker.io/nginx:1.27" })];
    const query: OwnershipQuery = { after: 3, evidence: "interrupted-create", imageTag: "1.27" };
    assert.equal(findOwnDeployment(list, query)?.deployNumber, 4);
    assert.equal(findOwnDeployment(list, { ...query, imageTag: "1.28" }), undefined);
  });
});
