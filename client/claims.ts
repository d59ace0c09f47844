/**
 * Keeps concurrent trigger calls of one client from adopting each other's deployments.
 *
 * Why this is needed: after an ambiguous POST failure, `triggerExactlyOnce` lists the application's
 * deployments and adopts one numbered above its snapshot. When the same client triggers several
 * deployments of one application at once (a stack with many resources), that list also holds the
 * deployments its siblings created, so the failed call would adopt a sibling's deployment and two
 * callers would end up sharing one deployment while the failed trigger never ran. So:
 *
 * 1. every deployment a call obtains (posted or adopted) is claimed, and claimed ones are never
 *    adopted again;
 * 2. a search for the deployment of an ambiguous POST runs alone: it starts once every POST in
 *    flight has settled (so their deployments are claimed), and no POST starts until it ends.
 *
 * Clients of one process that talk to the same API share one set of claims ({@link claimsFor},
 * keyed by the normalised base URL), since deployment IDs are the API's and not the client's. Other
 * processes (a second stack) are not covered: nothing in the API tells whose deployment is whose.
 *
 * @packageDocumentation
 */
import type { Deployment } from "./types";

/** The claims and the POST/search ordering of one client. */
export class TriggerClaims {
  private readonly claimed = new Set<string>();
  private readonly postsInFlight = new Set<Promise<unknown>>();
  private search: Promise<unknown> | undefined;

  /** Sends one POST (after any search in progress) and claims the deployment it returns. */
  async post(send: () => Promise<Deployment>): Promise<Deployment> {
    // The check and the registration below run in one synchronous stretch, so no search can
    // start in between without waiting for this POST.
    while (this.search !== undefined) await settled(this.search);
    const request = send().then((deployment) => this.claim(deployment));
    this.postsInFlight.add(request);
    try {
      return await request;
    } finally {
      this.postsInFlight.delete(request);
    }
  }

  /**
   * Runs `find` alone once every POST in flight has settled, passing it the test for claimed
   * deployments, and claims what it returns.
   */
  async find(
    find: (isClaimed: (deployment: Deployment) => boolean) => Promise<Deployment | undefined>,
  ): Promise<Deployment | undefined> {
    while (this.search !== undefined) await settled(this.search);
    const run = (async () => {
      while (this.postsInFlight.size > 0) await Promise.allSettled([...this.postsInFlight]);
      const found = await find((d) => this.claimed.has(d.id));
      return found === undefined ? undefined : this.claim(found);
    })();
    this.search = run;
    try {
      return await run;
    } finally {
      if (this.search === run) this.search = undefined;
    }
  }

  private claim(deployment: Deployment): Deployment {
    this.claimed.add(deployment.id);
    return deployment;
  }
}

function settled(promise: Promise<unknown>): Promise<unknown> {
  return promise.catch(() => undefined);
}

const claimsByApi = new Map<string, TriggerClaims>();

/**
 * The claims shared by every client of this process that talks to the API at `baseUrl`.
 *
 * @param baseUrl - the base URL as `normaliseBaseUrl` returns it, so that spellings of one API
 *   share one entry.
 */
export function claimsFor(baseUrl: string): TriggerClaims {
  let claims = claimsByApi.get(baseUrl);
  if (claims === undefined) {
    claims = new TriggerClaims();
    claimsByApi.set(baseUrl, claims);
  }
  return claims;
}
