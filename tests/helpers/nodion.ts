import * as path from "node:path";
import { RunningEmulator, SEED_PROJECT_KEY, startEmulator, EmulatorOptions } from "../../emulator";
import { TestStack } from "./pulumi-stack";

/** The test program with one NodionDeployment configured entirely from stack config. */
export const deploymentProgram = path.join(__dirname, "..", "programs", "deployment");

/** Starts an in-process emulator on a free loopback port (short builds by default). */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ buildMs: 1000, ...options });
}

/** Options for {@link deploymentStack}. */
export interface DeploymentStackOptions {
  /** Stack config of the deployment program (applicationId, triggers as JSON, wait, ...). */
  readonly config: Readonly<Record<string, string>>;
  /** The API key, set as secret config `nodion:apiKey` (default: the emulator's project key). */
  readonly apiKey?: string | null;
  readonly env?: Readonly<Record<string, string>>;
  readonly backendDir?: string;
  readonly name?: string;
}

/** A stack of the deployment program pointed at `emulator`. */
export function deploymentStack(
  emulator: RunningEmulator,
  options: DeploymentStackOptions,
): Promise<TestStack> {
  const apiKey = options.apiKey === undefined ? SEED_PROJECT_KEY : options.apiKey;
  return TestStack.create({
    program: deploymentProgram,
    name: options.name,
    backendDir: options.backendDir,
    config: { baseUrl: emulator.url, ...options.config },
    secrets: apiKey === null ? {} : { "nodion:apiKey": apiKey },
    env: options.env,
  });
}

/** How many requests with `method` the emulator has logged (optionally for one application). */
export async function countRequests(
  emulator: RunningEmulator,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  applicationId?: string,
): Promise<number> {
  const log = await emulator.control.requests();
  return log.filter(
    (r) => r.method === method && (applicationId === undefined || r.path.includes(applicationId)),
  ).length;
}

/** Every request the emulator logged that could change or delete something. */
export async function mutatingRequests(emulator: RunningEmulator): Promise<string[]> {
  const log = await emulator.control.requests();
  return log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
}
