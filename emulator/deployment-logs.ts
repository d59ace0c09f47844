/**
 * The log lines a deployment leaves, as a pure function of the deployment and the time, like its
 * status (`lifecycle.ts`): nothing is stored or scheduled. A failing build leaves the lines that
 * explain it; an expired one says which check it missed. The wording is the emulator's own.
 */
import { createHash } from "node:crypto";
import { toNodionTimestamp } from "./clock";
import { CREATED_PHASE_FRACTION } from "./lifecycle";
import type { DeploymentRecord } from "./types";

/** One log line as the logs route serves it (plus its time in epoch ms, for sorting). */
export interface EmulatedLogLine {
  readonly tsMs: number;
  /** Order among lines of one source with the same timestamp. */
  readonly seq: number;
  /** ISO 8601 with milliseconds and offset. */
  readonly ts: string;
  readonly msg: string;
  readonly instanceId: string;
}

/**
 * The instance a deployment runs on: a UUID derived from the deployment id, so the same
 * deployment always names the same instance (across restarts and state files too).
 */
export function instanceIdOf(deploymentId: string): string {
  const hex = createHash("sha256").update(`instance:${deploymentId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The script of a deployment: each line and when it appears, as a share of the build time. */
function script(record: DeploymentRecord): readonly (readonly [number, string])[] {
  const n = record.deployNumber;
  const git = record.strategy === "dockerfile";
  const what = git
    ? `building ${record.gitSha?.slice(0, 7) ?? "?"} (${JSON.stringify(record.commitMessage.slice(0, 60))})`
    : `pulling ${record.imageReference ?? "?"}`;
  const start: (readonly [number, string])[] = [
    [0, `deploy #${n} started: ${what}`],
    ...(git
      ? ([
          [CREATED_PHASE_FRACTION, "Step 1/3 : FROM node:20-alpine"],
          [0.5, "Step 2/3 : RUN npm ci && npm run build"],
        ] as const)
      : ([
          [CREATED_PHASE_FRACTION, `Pulling from ${record.imageReference ?? "?"}`],
          [0.5, "Status: Downloaded newer image"],
        ] as const)),
  ];
  switch (record.outcome) {
    case "failed":
      return [
        ...start,
        ...(git
          ? ([
              [1, 'npm ERR! Missing script: "build"'],
              [
                1,
                "ERROR: The command '/bin/sh -c npm ci && npm run build' returned a non-zero code: 1",
              ],
            ] as const)
          : ([[1, `ERROR: manifest for ${record.imageReference ?? "?"} not found`]] as const)),
        [1, `deploy #${n} failed`],
      ];
    case "expired":
      return [
        ...start,
        [1, "health check: the container did not answer on port 8080 in time"],
        [1, `deploy #${n} expired`],
      ];
    case "available":
      return [
        ...start,
        ...(git ? ([[0.9, 'Step 3/3 : CMD ["node", "server.js"]']] as const) : []),
        [1, "server listening on port 8080"],
        [1, `deploy #${n} is available`],
      ];
  }
}

/**
 * The lines `record` has written by `nowMs`, oldest first. A line is due at its share of the
 * build time, so the terminal lines show exactly when the terminal status does; lines due at the
 * same moment share the timestamp and keep their order (`seq`).
 */
export function deploymentLogLines(record: DeploymentRecord, nowMs: number): EmulatedLogLine[] {
  const createdAtMs = Date.parse(record.createdAt);
  const instanceId = instanceIdOf(record.id);
  return script(record)
    .map(([share, msg], seq) => {
      const tsMs = createdAtMs + Math.round(record.buildMs * share);
      return { tsMs, seq, ts: toNodionTimestamp(tsMs), msg, instanceId };
    })
    .filter((line) => line.tsMs <= nowMs);
}
