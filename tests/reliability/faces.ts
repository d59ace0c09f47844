/**
 * The two faces of the provider as data, so a reliability test or the soak runs the same steps
 * through both: the dynamic resource (`NodionDeployment` from a JavaScript program) and the
 * provider plugin (`nodion:index:Deployment`, installed into a PULUMI_HOME of its own).
 */
import type { RunningEmulator } from "../../emulator";
import { deploymentProgram } from "../helpers/nodion";
import { pluginHome, pluginProgram } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";
import { RELIABILITY_ENV, RELIABILITY_KEY } from "./faults";

/** One face of the provider. */
export interface Face {
  readonly name: "dynamic" | "plugin";
  /** Whether a resource type in state is this face's deployment. */
  isDeployment(type: string): boolean;
  /**
   * A stack of one deployment of this face pointed at `emulator`, with {@link RELIABILITY_KEY}.
   * `config` holds the programs' shared keys (applicationId, triggers as JSON, imageTag, wait).
   */
  stack(
    emulator: RunningEmulator,
    config: Readonly<Record<string, string>>,
    env?: Readonly<Record<string, string>>,
  ): Promise<TestStack>;
}

const homes = new Map<string, Promise<string>>();

export const DYNAMIC: Face = {
  name: "dynamic",
  isDeployment: (type) => type.endsWith("nodion:Deployment"),
  stack: (emulator, config, env = RELIABILITY_ENV) =>
    TestStack.create({
      program: deploymentProgram,
      config: { baseUrl: emulator.url, ...config },
      secrets: { "nodion:apiKey": RELIABILITY_KEY },
      env,
    }),
};

export const PLUGIN: Face = {
  name: "plugin",
  isDeployment: (type) => type === "nodion:index:Deployment",
  async stack(emulator, config, env = RELIABILITY_ENV) {
    const home = homes.get("reliability") ?? pluginHome("reliability");
    homes.set("reliability", home);
    return TestStack.create({
      program: pluginProgram,
      config: { "nodion:baseUrl": emulator.url, ...config },
      secrets: { "nodion:apiKey": RELIABILITY_KEY },
      env: { ...env, PULUMI_HOME: await home },
    });
  },
};

export const FACES: readonly Face[] = [DYNAMIC, PLUGIN];
