/**
 * `npm run demo`: the whole deployment story against a local Nodion emulator, in about a minute.
 *
 * Starts the emulator, deploys the quickstart (the repository's Pulumi.yaml), simulates a push and
 * deploys again, refreshes after a deployment made outside Pulumi, deploys a worker from a second
 * stack through a StackReference, and stops the emulator. It checks its own story as it goes (deploy
 * numbers, exactly one POST per deployment) and exits non-zero if anything is off. Each run starts
 * from scratch in `.pulumi-local/demo` (or `NODION_DEMO_DIR`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SEED_API_APP_ID, SEED_PROJECT_KEY, SEED_WORKER_APP_ID } from "../emulator";
import { NodionClient } from "../client";
import { localDir, pulumiEnv, repoRoot, toolchainBinDir } from "../toolchain/env";
import { DemoStack } from "./demo/demo-stack";
import { EmulatorProcess, startEmulatorProcess } from "./demo/emulator-process";
import { note, printOutputs, step } from "./demo/progress";
import { SourceRepo } from "./demo/source-repo";

const demoDir = path.resolve(process.env.NODION_DEMO_DIR ?? path.join(localDir, "demo"));
const paths = {
  backend: path.join(demoDir, "state"),
  stacks: path.join(demoDir, "stacks"),
  emulatorState: path.join(demoDir, "emulator-state.json"),
  source: path.join(demoDir, "app-src"),
};
/** Emulated build time: real Nodion builds take 30 s to 5 min. */
const BUILD_MS = 2000;
const STEPS = 8;

async function main(): Promise<void> {
  const started = Date.now();
  console.log("Nodion + Pulumi demo: deploy on every git push, against a local Nodion emulator.");

  step(1, STEPS, "Preparing a git repository for the app's source");
  if (fs.existsSync(demoDir)) {
    note(`A previous demo run left ${shown(demoDir)}; removing it (each run starts from scratch).`);
    fs.rmSync(demoDir, { recursive: true, force: true });
  }
  // The examples are type-checked by `npm run typecheck`; skipping ts-node's check saves ~5 s per up.
  const env = pulumiEnv({
    backendDir: paths.backend,
    extra: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
  const source = SourceRepo.create(paths.source);
  note(`${shown(source.dir)}: commit ${short(source.head())} "Initial version of the app"`);

  step(2, STEPS, "Starting the Nodion emulator and creating the quickstart stack");
  let emulator: EmulatorProcess | undefined = await startEmulatorProcess({
    stateFile: paths.emulatorState,
    buildMs: BUILD_MS,
  });
  try {
    note(`Emulator: ${emulator.url} (pid ${emulator.pid}, each build takes ${BUILD_MS / 1000} s)`);
    // Nodion builds the head of the app's branch; make the emulated branch match the local one.
    await emulator.control.pushCommit(SEED_API_APP_ID, {
      sha: source.head(),
      message: "Initial version of the app",
    });
    const quickstart = await DemoStack.create({
      programDir: repoRoot,
      name: "dev",
      configDir: path.join(paths.stacks, "quickstart"),
      env,
      config: {
        applicationId: SEED_API_APP_ID,
        sourceDir: source.dir,
        "nodion:baseUrl": emulator.url,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
    });
    note(`Stack ${quickstart.qualifiedName} (program examples/quickstart/index.ts)`);
    note(`config: applicationId (the emulated "api" app), sourceDir, nodion:baseUrl,`);
    note(`        nodion:apiKey (secret config: encrypted in state, never printed)`);

    step(3, STEPS, "pulumi up: the first deployment of the current sha");
    const first = await deploy(emulator, quickstart, 1);
    check(first.sha === source.head(), "the deployed sha is the checkout's HEAD");

    step(4, STEPS, "A push: a new commit in the repository, and Nodion's branch moves with it");
    const pushed = source.commit("Add a health check endpoint");
    await emulator.control.pushCommit(SEED_API_APP_ID, pushed);
    note(`New commit ${short(pushed.sha)} "${pushed.message}"`);

    step(5, STEPS, "pulumi up again: the command reads the new sha, which triggers deploy #2");
    const second = await deploy(emulator, quickstart, 2);
    check(second.deployedSha === pushed.sha, "deploy #2 built the pushed commit");

    step(6, STEPS, "A deploy outside Pulumi, then pulumi refresh --run-program");
    const outside = await new NodionClient({
      apiKey: SEED_PROJECT_KEY,
      baseUrl: emulator.url,
    }).triggerDeployment(SEED_API_APP_ID);
    note(`Someone pressed "Deploy" in the Nodion dashboard: deploy #${outside.deployNumber}.`);
    note("refresh re-reads the deployments; --run-program also recomputes the stack outputs.");
    await quickstart.refresh();
    const refreshed = await quickstart.outputs();
    printOutputs(pick(refreshed, ["deployNumber", "latestDeployNumber", "isLatest"]));
    check(refreshed.isLatest === false, "refresh saw the newer deployment (isLatest: false)");
    note("The stack still owns deploy #2; only a new sha makes `pulumi up` deploy again.");

    step(7, STEPS, "A second stack reads the API's deploy number and deploys the worker");
    const worker = await DemoStack.create({
      programDir: path.join(repoRoot, "examples", "cross-stack", "worker"),
      name: "dev",
      configDir: path.join(paths.stacks, "worker"),
      env,
      config: {
        applicationId: SEED_WORKER_APP_ID,
        apiStack: quickstart.qualifiedName,
        "nodion:baseUrl": emulator.url,
      },
      secrets: { "nodion:apiKey": SEED_PROJECT_KEY },
    });
    note(`Stack ${worker.qualifiedName} reads ${quickstart.qualifiedName}'s deployNumber.`);
    const workerOut = await deploy(emulator, worker, 1);
    check(workerOut.apiDeployNumber === 2, "the worker saw the API's deploy #2");

    step(8, STEPS, "Stopping the emulator");
    await emulator.stop();
    emulator = undefined;
    note(`Stopped; its state is saved in ${shown(paths.emulatorState)}.`);
  } finally {
    await emulator?.stop();
  }

  console.log("\nWhere everything is:");
  note(`Pulumi state (file backend)  ${shown(paths.backend)}`);
  note(`Stack config                 ${shown(paths.stacks)}`);
  note(`Emulator state               ${shown(paths.emulatorState)}`);
  note(`The app's git repository     ${shown(paths.source)}`);
  console.log("Look around, e.g.:");
  note(
    `PULUMI_BACKEND_URL=file://${paths.backend} PULUMI_CONFIG_PASSPHRASE= ` +
      `${shown(path.join(toolchainBinDir(), "pulumi"))} stack output --stack dev`,
  );
  console.log(`Clean up: rm -rf ${shown(demoDir)}   (npm run demo also starts over by itself)`);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n✔ Demo finished in ${seconds} s: api deploys #1 and #2, worker deploy #1.`);
}

/**
 * Runs `pulumi up`, prints the outputs and the API calls it made, and checks that it made exactly
 * one deployment and that the deployment is number `expected`.
 */
async function deploy(
  emulator: EmulatorProcess,
  stack: DemoStack,
  expected: number,
): Promise<Record<string, unknown>> {
  await emulator.control.clearRequests();
  await stack.up();
  const calls = await emulator.control.requests();
  const posts = calls.filter((r) => r.method === "POST").length;
  const outputs = await stack.outputs();
  note("Outputs:");
  printOutputs(outputs);
  note(`Nodion API calls: ${posts} POST (trigger), ${calls.length - posts} GET (list and poll)`);
  check(posts === 1, "exactly one deployment was triggered");
  check(outputs.deployNumber === expected, `this is deploy #${expected}`);
  check(outputs.status === "available", "the deployment is available");
  return outputs;
}

/** Stops the demo when the story did not happen as told. */
function check(ok: boolean, claim: string): void {
  if (!ok) throw new Error(`expected ${claim}, but it is not so (see the output above)`);
}

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, from[k]]));
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** A path as the user would type it from the repository root. */
function shown(p: string): string {
  const rel = path.relative(repoRoot, p);
  return rel.startsWith("..") ? p : rel;
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`\n${message}`);
  console.error(`\n✖ Demo failed: ${message.split("\n")[0]}`);
  process.exitCode = 1;
});
