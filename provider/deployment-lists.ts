import type { Deployment, NodionClient } from "../client";

/**
 * Shares `GET /applications/:id/deployments` between concurrent callers in one provider process.
 * The engine reads (refreshes) and polls many resources at once; resources of one application then
 * cost one request instead of one each. Reads may also reuse a result for `maxAgeMs`; polls never
 * reuse a finished request, only join one in flight. Safe to lose: it is only a cache.
 */
export class DeploymentLists {
  private readonly inFlight = new Map<string, Promise<Deployment[]>>();
  private readonly recent = new Map<string, { at: number; list: Deployment[] }>();
  private readonly clientIds = new WeakMap<NodionClient, number>();
  private nextClientId = 1;

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The list for a refresh: joins a request in flight or reuses one at most `maxAgeMs` old. */
  forRead(client: NodionClient, applicationId: string): Promise<Deployment[]> {
    const key = this.keyOf(client, applicationId);
    const hit = this.recent.get(key);
    if (hit && this.now() - hit.at <= this.maxAgeMs) return Promise.resolve(hit.list);
    return this.fetch(client, key, applicationId);
  }

  /** The list for a poll: joins a request in flight, otherwise asks afresh. */
  forPoll(client: NodionClient, applicationId: string): Promise<Deployment[]> {
    return this.fetch(client, this.keyOf(client, applicationId), applicationId);
  }

  /** Each client (one per base URL, project and key) gets its own entries. */
  private keyOf(client: NodionClient, applicationId: string): string {
    let id = this.clientIds.get(client);
    if (id === undefined) {
      id = this.nextClientId++;
      this.clientIds.set(client, id);
    }
    return `${id} ${applicationId}`;
  }

  private fetch(client: NodionClient, key: string, applicationId: string): Promise<Deployment[]> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = client
      .listDeployments(applicationId)
      .then((list) => {
        this.recent.set(key, { at: this.now(), list });
        return list;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
  }
}
