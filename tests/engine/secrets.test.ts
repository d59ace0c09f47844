import * as assert from "node:assert/strict";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  SEED_READ_KEY,
  SEED_WORKER_APP_ID,
} from "../../emulator";
import { TestStack } from "../helpers/pulumi-stack";
import { deploymentStack, startTestEmulator } from "../helpers/nodion";

/** Fails if `key` appears in any of `texts` (and says where). */
function assertNoKey(key: string, texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) {
    assert.ok(!text.includes(key), `the API key appears in ${where}`);
  }
}

async function everything(stack: TestStack): Promise<Record<string, string>> {
  return {
    "CLI output": stack.allOutput(),
    "pulumi stack export": await stack.exportState(),
    "raw backend files": stack.rawBackendFiles().join("\n"),
  };
}

describe("the API key stays secret", () => {
  let emulator: RunningEmulator;
  const emulatorLog: string[] = [];

  before(async () => {
    emulator = await startTestEmulator({ log: (line) => emulatorLog.push(line) });
  });

  after(async () => {
    await emulator?.close();
  });

  it("appears nowhere after up, refresh and destroy", async () => {
    const stack = await deploymentStack(emulator, {
      config: { applicationId: SEED_API_APP_ID, triggers: JSON.stringify(["s1"]) },
    });
    try {
      assert.equal((await stack.up()).code, 0);
      assert.equal((await stack.refresh({ runProgram: true })).code, 0);
      assert.equal((await stack.destroy()).code, 0);
      const texts = await everything(stack);
      assert.match(texts["raw backend files"], /nodion:Deployment/, "state was written");
      assertNoKey(SEED_PROJECT_KEY, { ...texts, "emulator log": emulatorLog.join("\n") });
    } finally {
      await stack.remove();
    }
  });

  it("appears nowhere when the API refuses the key, and the error says why", async () => {
    const stack = await deploymentStack(emulator, {
      config: { applicationId: SEED_WORKER_APP_ID },
      apiKey: SEED_READ_KEY,
    });
    try {
      const up = await stack.up();
      assert.notEqual(up.code, 0);
      assert.match(up.output, /403/);
      assert.match(up.output, /trigger deployment/);
      assert.match(up.output, new RegExp(SEED_WORKER_APP_ID));
      const state = (await stack.resources()).filter((r) => r.type.endsWith("nodion:Deployment"));
      assert.deepEqual(state, [], "nothing is recorded when nothing was deployed");
      assertNoKey(SEED_READ_KEY, { ...(await everything(stack)), log: emulatorLog.join("\n") });
    } finally {
      await stack.remove();
    }
  });

  it("is stored only encrypted: in the stack config and the default provider's inputs", async () => {
    const stack = await deploymentStack(emulator, {
      config: { applicationId: SEED_API_APP_ID, triggers: JSON.stringify(["s2"]) },
    });
    try {
      assert.equal((await stack.up()).code, 0);
      const exported = JSON.parse(await stack.exportState()) as {
        deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] };
      };
      const providers = exported.deployment.resources.filter(
        (r) => r.type === "pulumi:providers:pulumi-nodejs",
      );
      assert.equal(providers.length, 1, "one default provider");
      const stored = providers[0]?.inputs?.["nodion:apiKey"] as Record<string, unknown>;
      // Pulumi's secret envelope: a signature and ciphertext, never the value.
      assert.equal(
        stored?.["4dabf18193072939515e22adb298388d"],
        "1b47061264138c4ac30d75fd1eb44270",
      );
      assert.equal(typeof stored?.ciphertext, "string");
      const deployment = exported.deployment.resources.find((r) =>
        r.type.endsWith("nodion:Deployment"),
      );
      assert.ok(deployment);
      assert.ok(
        !JSON.stringify(deployment).includes("apiKey"),
        "the resource itself holds no key, not even encrypted",
      );
      assertNoKey(SEED_PROJECT_KEY, await everything(stack));
    } finally {
      await stack.remove();
    }
  });
});
