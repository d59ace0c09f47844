/**
 * One face's soak: a stack of two deployments (`api` by git sha, `web` by image tag) against its
 * own emulator, driven round by round (see `plan.ts`), then converged by fault-free ups and
 * checked against the emulator's own records.
 */
import * as path from "node:path";
import {
  type RunningEmulator,
  SEED_API_APP_ID,
  SEED_API_HEAD_SHA,
  SEED_WEB_APP_ID,
} from "../../emulator";
import { pulumiEnv } from "../../toolchain/env";
import type { PulumiRun } from "../../toolchain/run-pulumi";
import { pluginHome } from "../helpers/plugin";
import { TestStack } from "../helpers/pulumi-stack";
import {
  LeakWatch,
  providerErrorLines,
  RELIABILITY_KEY,
  STACK_TRACE,
  startReliabilityEmulator,
} from "../reliability/faults";
import { isRunning, killTree, processTree } from "../reliability/processes";
import { describePlan, isKill, type RoundPlan } from "./plan";

/** The faces a soak runs. */
export type FaceName = "dynamic" | "plugin";

/** Counters of a soak, summed over rounds. */
export interface Tally {
  rounds: number;
  faults: number;
  duplicates: number;
  lost: number;
  unclearErrors: number;
  kills: number;
  manualSteps: number;
  breaks: number;
  roundMs: number;
}

export function emptyTally(): Tally {
  return {
    rounds: 0,
    faults: 0,
    duplicates: 0,
    lost: 0,
    unclearErrors: 0,
    kills: 0,
    manualSteps: 0,
    breaks: 0,
    roundMs: 0,
  };
}

/** Build time outside the rounds (the first up, convergence), in ms. */
const QUIET_BUILD_MS = 300;
/** The request timeout of the convergence ups. */
const QUIET_TIMEOUT_MS = 1500;
/** Fault-free ups allowed to converge the stack after a round. */
const CONVERGE_UPS = 3;
/** A build of a "status never ends" round takes this long (the clock is advanced past it). */
const ENDLESS_BUILD_MS = 3_600_000;
/** Any one command of a round is killed after this long (a hang is a break too). */
const COMMAND_LIMIT_MS = 180_000;

const programs = path.join(__dirname, "programs");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A face's stack, emulator, and what the soak asked of it so far. */
export class FaceSoak {
  /** Trigger values applied, by the sha or tag they deploy: the most deployments allowed. */
  private readonly allowed = new Map<string, number>();
  /** Duplicates already reported, by sha or tag (each counted once). */
  private readonly reported = new Map<string, number>();
  private apiSha = SEED_API_HEAD_SHA;
  private webTag = "v0";

  private constructor(
    readonly face: FaceName,
    private readonly emulator: RunningEmulator,
    private readonly stack: TestStack,
    private readonly faceEnv: Readonly<Record<string, string>>,
    private readonly leaks: LeakWatch,
  ) {}

  /** Starts the emulator, creates the stack and runs its first, fault-free up. */
  static async start(face: FaceName): Promise<FaceSoak> {
    const leaks = new LeakWatch();
    const emulator = await startReliabilityEmulator({
      buildMs: QUIET_BUILD_MS,
      log: (line) => leaks.emulatorLog.push(line),
    });
    const faceEnv: Record<string, string> =
      face === "plugin" ? { PULUMI_HOME: await pluginHome("soak") } : {};
    const stack = await TestStack.create({
      program: path.join(programs, face),
      config: {
        apiApp: SEED_API_APP_ID,
        webApp: SEED_WEB_APP_ID,
        apiTriggers: JSON.stringify([SEED_API_HEAD_SHA]),
        webTag: "v0",
        ...(face === "plugin" ? { "nodion:baseUrl": emulator.url } : { baseUrl: emulator.url }),
      },
      secrets: { "nodion:apiKey": RELIABILITY_KEY },
      env: faceEnv,
    });
    const soak = new FaceSoak(face, emulator, stack, faceEnv, leaks);
    soak.allow(SEED_API_HEAD_SHA);
    soak.allow("v0");
    const first = await soak.pulumi(["up", "--yes", "--skip-preview"], QUIET_TIMEOUT_MS);
    if (first.code !== 0) throw new Error(`the soak stack's first up failed:\n${first.output}`);
    return soak;
  }

  /** Runs one round and returns its line; adds to `tally`. */
  async round(n: number, plan: RoundPlan, tally: Tally): Promise<string> {
    const started = Date.now();
    const problems: string[] = [];
    const { control } = this.emulator;
    await this.changeTriggers(n, plan);
    const endless = plan.fault.behaviour?.endless === true;
    const behaviour = {
      buildMs: endless ? ENDLESS_BUILD_MS : plan.buildMs,
      failMode: plan.fault.behaviour?.failing === true ? ("always" as const) : ("none" as const),
    };
    await control.setBehaviour(SEED_API_APP_ID, behaviour);
    await control.setBehaviour(SEED_WEB_APP_ID, behaviour);
    if (endless) await this.setConfig("timeoutSeconds", "3");
    await control.clearFaults();
    await control.clearRequests();
    for (const spec of plan.fault.specs(plan.requestTimeoutMs)) await control.addFault(spec);

    const run = await this.operate(plan);
    if (process.env.SOAK_VERBOSE === "1") console.log(run.output);
    const killed = isKill(plan.operation) && run.signalled;
    if (killed) tally.kills++;
    if (plan.operation === "preview") {
      const posts = (await control.requests()).filter((r) => r.method === "POST").length;
      if (posts > 0) problems.push(`preview sent ${posts} POSTs`);
    }
    if (!killed && run.code !== 0) {
      const unclear = unclearError(run.output);
      if (unclear !== undefined) {
        tally.unclearErrors++;
        problems.push(`unclear error: ${unclear}`);
      }
    }

    // The documented recovery, then fault-free ups.
    await this.settleFaults();
    tally.faults += (await control.faults()).reduce((sum, f) => sum + f.fired, 0);
    await control.clearFaults();
    await control.setBehaviour(SEED_API_APP_ID, { buildMs: QUIET_BUILD_MS });
    await control.setBehaviour(SEED_WEB_APP_ID, { buildMs: QUIET_BUILD_MS });
    if (endless) {
      await control.advanceClock(ENDLESS_BUILD_MS);
      await this.pulumi(["config", "rm", "timeoutSeconds"], QUIET_TIMEOUT_MS);
    }
    const steps: string[] = [];
    if (killed && plan.operation === "up-sigkill") {
      // `pulumi cancel` takes no --config-file.
      const cancel = await this.stack.run(["cancel", "--yes", "--stack", this.stack.name]);
      if (cancel.code !== 0) problems.push(`pulumi cancel failed: ${cancel.output.trim()}`);
      steps.push("cancel");
    }
    let ups = 0;
    let converged = false;
    while (!converged && ups < CONVERGE_UPS) {
      ups++;
      const up = await this.pulumi(["up", "--yes", "--skip-preview"], QUIET_TIMEOUT_MS);
      converged = up.code === 0;
      if (/the stack is currently locked/.test(up.output)) problems.push("the stack stayed locked");
      if (!converged && unclearError(up.output) !== undefined) {
        tally.unclearErrors++;
        problems.push(`unclear error while converging: ${unclearError(up.output)}`);
      }
    }
    if (!converged) problems.push(`not converged after ${CONVERGE_UPS} ups`);
    if ((await this.pendingOperations()).includes("creating")) {
      await this.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"], 1500);
      steps.push("refresh --clear-pending-creates");
    }
    tally.manualSteps += steps.length;

    const found = await this.check();
    tally.duplicates += found.duplicates.length;
    tally.lost += found.lost.length;
    problems.push(...found.duplicates, ...found.lost);

    const ms = Date.now() - started;
    tally.rounds++;
    tally.roundMs += ms;
    if (problems.length > 0) tally.breaks++;
    const outcome = killed ? `killed (exit ${run.code})` : `exit ${run.code}`;
    const recovery = steps.length > 0 ? `${steps.join(", ")}, ` : "";
    const verdict = problems.length === 0 ? "ok" : `BREAK: ${problems.join("; ")}`;
    return `round ${n} ${this.face}: ${describePlan(plan)} -> ${outcome}; ${recovery}${ups} up${ups === 1 ? "" : "s"} to converge; ${(ms / 1000).toFixed(1)} s; ${verdict}`;
  }

  /** The key scan over everything this face printed, stored and logged. Returns a problem. */
  async leakProblem(): Promise<string | undefined> {
    await this.leaks.capture(this.stack);
    try {
      this.leaks.assertNoKey(RELIABILITY_KEY);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  async close(): Promise<void> {
    await this.stack.remove().catch(() => undefined);
    await this.emulator.close();
  }

  private allow(value: string): void {
    this.allowed.set(value, (this.allowed.get(value) ?? 0) + 1);
  }

  private async changeTriggers(n: number, plan: RoundPlan): Promise<void> {
    if (plan.api === "new-sha") {
      this.apiSha = (await this.emulator.control.pushCommit(SEED_API_APP_ID)).sha;
      this.allow(this.apiSha);
      await this.setConfig("apiTriggers", JSON.stringify([this.apiSha]));
    } else if (plan.api === "same-sha-again") {
      this.allow(this.apiSha);
      await this.setConfig("apiTriggers", JSON.stringify([this.apiSha, `again-${n}`]));
    }
    if (plan.web === "new-tag") {
      this.webTag = `v${n}`;
      this.allow(this.webTag);
      await this.setConfig("webTag", this.webTag);
    }
  }

  private async setConfig(key: string, value: string): Promise<void> {
    await this.stack.setConfig(key, value);
  }

  /** Runs `pulumi <args>` on the stack with the given request timeout. */
  private pulumi(
    args: readonly string[],
    requestTimeoutMs: number,
    onSpawn?: (pid: number) => void,
  ): Promise<PulumiRun> {
    const env = pulumiEnv({
      backendDir: this.stack.backendDir,
      extra: { ...this.faceEnv, NODION_REQUEST_TIMEOUT_MS: String(requestTimeoutMs) },
    });
    return this.stack.run([...args, ...this.stack.stackArgs()], {
      env,
      timeoutMs: COMMAND_LIMIT_MS,
      ...(onSpawn !== undefined && { onSpawn }),
    });
  }

  /** Runs the round's operation; `signalled` says whether a signal reached a running CLI. */
  private async operate(plan: RoundPlan): Promise<PulumiRun & { signalled: boolean }> {
    const t = plan.requestTimeoutMs;
    if (plan.operation === "refresh") {
      return {
        ...(await this.pulumi(["refresh", "--yes", "--skip-preview"], t)),
        signalled: false,
      };
    }
    if (plan.operation === "preview") {
      return { ...(await this.pulumi(["preview"], t)), signalled: false };
    }
    let pid = 0;
    let ended = false;
    const running = this.pulumi(["up", "--yes", "--skip-preview"], t, (p) => (pid = p)).then(
      (run) => {
        ended = true;
        return run;
      },
    );
    if (plan.operation === "up") return { ...(await running), signalled: false };
    await Promise.race([sleep(plan.killAfterMs), running]);
    if (ended) return { ...(await running), signalled: false };
    const tree = processTree(pid);
    if (plan.operation === "up-sigkill") {
      killTree(pid);
    } else {
      process.kill(pid, "SIGINT");
      if (plan.operation === "up-sigint-twice") {
        await sleep(500);
        if (!ended) process.kill(pid, "SIGINT");
      }
    }
    const run = await running;
    // A killed CLI's children may outlive it for a moment; the recovery must not race them.
    for (let i = 0; i < 200 && tree.some(isRunning); i++) await sleep(50);
    return { ...run, signalled: true };
  }

  /** Waits (a little) until every late-acting fault has acted, so none lands during the checks. */
  private async settleFaults(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const faults = await this.emulator.control.faults();
      if (faults.every((f) => f.acted === undefined || f.acted === f.fired)) return;
      await sleep(100);
    }
  }

  private async pendingOperations(): Promise<string[]> {
    const exported = JSON.parse(await this.stack.exportState()) as {
      deployment: { pending_operations?: { type: string }[] };
    };
    return (exported.deployment.pending_operations ?? []).map((op) => op.type);
  }

  /**
   * Checks state against the emulator's records: each resource names the deployment of its
   * current trigger, with the emulator's number and status (`available`); no sha or tag has more
   * deployments that did not fail than trigger values asked for it.
   */
  private async check(): Promise<{ duplicates: string[]; lost: string[] }> {
    const { state } = await this.emulator.control.state();
    const resources = await this.stack.resources();
    const lost: string[] = [];
    for (const [name, appId, shows] of [
      ["api", SEED_API_APP_ID, (d: { gitSha: string | null }) => d.gitSha === this.apiSha],
      ["web", SEED_WEB_APP_ID, (d: { imageTag: string | null }) => d.imageTag === this.webTag],
    ] as const) {
      const resource = resources.find(
        (r) => r.urn.endsWith(`::${name}`) && !r.type.startsWith("pulumi:providers:"),
      );
      const outs = resource?.outputs ?? {};
      const recorded = state.deployments.find((d) => d.id === outs.deploymentId);
      const what = `${name} records deploy #${String(outs.deployNumber)} "${String(outs.status)}"`;
      if (recorded === undefined || recorded.appId !== appId) {
        lost.push(`${what}, which the emulator does not have`);
      } else if (
        recorded.deployNumber !== outs.deployNumber ||
        recorded.status !== outs.status ||
        recorded.status !== "available" ||
        !shows(recorded)
      ) {
        lost.push(
          `${what}; the emulator has #${recorded.deployNumber} "${recorded.status}" of ${recorded.gitSha ?? recorded.imageTag}`,
        );
      }
    }
    const duplicates: string[] = [];
    const counts = new Map<string, number>();
    for (const d of state.deployments) {
      const key = d.gitSha ?? d.imageTag;
      if (key === null || d.status === "failed" || d.status === "expired") continue;
      if (d.appId !== SEED_API_APP_ID && d.appId !== SEED_WEB_APP_ID) continue;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, count] of counts) {
      const excess = count - (this.allowed.get(key) ?? 0) - (this.reported.get(key) ?? 0);
      if (excess > 0) {
        this.reported.set(key, (this.reported.get(key) ?? 0) + excess);
        duplicates.push(`${excess} duplicate deployment(s) of ${key} (${count} made)`);
      }
    }
    return { duplicates, lost };
  }
}

/**
 * Why a failed command's output is not a clear diagnosis, or undefined when it is: at least one
 * provider error line, none with a class-name prefix, and no stack trace.
 */
export function unclearError(output: string): string | undefined {
  const lines = providerErrorLines(output);
  if (STACK_TRACE.test(output) || /^ {4}at /m.test(output)) return "a stack trace was printed";
  const prefixed = lines.find((l) => /^[A-Z]\w*Error: /.test(l));
  if (prefixed !== undefined) return `a class name: ${prefixed.slice(0, 120)}`;
  if (lines.length === 0) return "no error line";
  return undefined;
}
