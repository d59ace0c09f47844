import * as assert from "node:assert/strict";
import { diff } from "../../../provider/handlers";
import type { DeploymentInputs, DeploymentOutputs } from "../../../provider/args";
import { UNKNOWN } from "../../../provider/validate";

const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";
const olds = {
  applicationId: APP,
  triggers: ["a"],
  wait: "available",
  deploymentId: "d",
  deployNumber: 1,
  status: "available",
} as unknown as DeploymentOutputs;

function news(change: Partial<Record<keyof DeploymentInputs, unknown>>): DeploymentInputs {
  return { applicationId: APP, triggers: ["a"], wait: "available", ...change } as DeploymentInputs;
}

describe("diff", () => {
  it("sees no change when only outputs and the serialized provider differ", async () => {
    const result = await diff("d", olds, { ...news({}), __provider: "new" } as DeploymentInputs);
    assert.deepEqual(result, { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("updates in place for a trigger, image tag or setting change", async () => {
    for (const change of [
      { triggers: ["b"] },
      { triggers: ["a", "b"] },
      { imageTag: "v2" },
      { wait: "none" },
      { timeoutSeconds: 60 },
    ]) {
      const result = await diff("d", olds, news(change));
      assert.deepEqual(result, { changes: true, replaces: [], deleteBeforeReplace: false });
    }
  });

  it("sees no change when the program declares no triggers where state records some", async () => {
    // What an import leaves: the deployed sha recorded as `triggers`, a program without any.
    for (const change of [{ triggers: undefined }, { triggers: [] }]) {
      const result = await diff("d", olds, news(change));
      assert.deepEqual(result, { changes: false, replaces: [], deleteBeforeReplace: false });
    }
  });

  it("replaces for an application change", async () => {
    const result = await diff("d", olds, news({ applicationId: "other" }));
    assert.deepEqual(result.replaces, ["applicationId"]);
  });

  it("reports a change while a trigger is not known yet", async () => {
    assert.equal((await diff("d", olds, news({ triggers: UNKNOWN }))).changes, true);
  });
});
