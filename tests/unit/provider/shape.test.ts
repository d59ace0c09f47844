import * as assert from "node:assert/strict";
import { DEPLOYMENT_FIELDS, OUTPUT_FIELDS } from "../../../provider/args";
import * as handlers from "../../../provider/handlers";
import * as root from "../../../provider";
import { outputSeeds, toOutputs } from "../../../provider/outputs";
import type { Deployment } from "../../../client";

describe("the provider's shape", () => {
  it("handlers.ts exports exactly the provider methods", () => {
    assert.deepEqual(Object.keys(handlers).sort(), [
      "check",
      "configure",
      "create",
      "delete",
      "diff",
      "read",
      "update",
    ]);
  });

  it("seeds every output from the one field list", () => {
    const seeds = outputSeeds();
    assert.deepEqual(Object.keys(seeds), [...OUTPUT_FIELDS]);
    assert.ok(Object.values(seeds).every((v) => v === undefined));
  });

  it("records every deployment field", () => {
    const deployment = Object.fromEntries(
      [...DEPLOYMENT_FIELDS, "id"].map((k) => [k, `v-${k}`]),
    ) as unknown as Deployment;
    const outs = toOutputs({ applicationId: "a" }, { ...deployment, deployNumber: 1 });
    for (const field of DEPLOYMENT_FIELDS) {
      assert.notEqual(outs[field], undefined, `${field} is recorded`);
    }
    assert.equal(outs.deploymentId, "v-id");
  });

  it("the package root exports the resource and the errors, not SDK internals", () => {
    const names = Object.keys(root);
    for (const name of ["NodionDeployment", "ProviderError", "RecordedFailure", "NodionError"]) {
      assert.ok(names.includes(name), name);
    }
    for (const name of ["NodionClient", "errorFromResponse", "parseDeploymentList"]) {
      assert.ok(!names.includes(name), name);
    }
  });
});
