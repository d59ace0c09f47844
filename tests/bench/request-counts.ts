import type { RequestLogEntry } from "../../emulator";

const DEPLOYMENTS_PATH = /^\/v1\/applications\/([^/]+)\/deployments\/?$/;

/** API requests of one measured run, as the emulator's request log saw them. */
export interface RequestCounts {
  /** `GET /applications/:id/deployments` calls. */
  readonly listCalls: number;
  /** `POST /applications/:id/deployments` calls. */
  readonly posts: number;
  /** Every API request, of any kind. */
  readonly total: number;
  /** List calls per application id. */
  readonly listCallsByApp: Readonly<Record<string, number>>;
}

/** Counts the deployment-list GETs and trigger POSTs in `log`. */
export function countRequests(log: readonly RequestLogEntry[]): RequestCounts {
  const listCallsByApp: Record<string, number> = {};
  let listCalls = 0;
  let posts = 0;
  for (const entry of log) {
    const app = DEPLOYMENTS_PATH.exec(entry.path)?.[1];
    if (app === undefined) continue;
    if (entry.method === "GET") {
      listCalls++;
      listCallsByApp[app] = (listCallsByApp[app] ?? 0) + 1;
    } else if (entry.method === "POST") {
      posts++;
    }
  }
  return { listCalls, posts, total: log.length, listCallsByApp };
}
