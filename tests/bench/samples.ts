import type { VariantName } from "./variants";

/** Scenario 1: one `pulumi up` creating `count` resources, waiting off. */
export interface UpSample {
  readonly variant: VariantName;
  readonly count: number;
  readonly rep: number;
  /** Wall time of the CLI process. */
  readonly ms: number;
  readonly listCalls: number;
  readonly posts: number;
  /** Every API request the run made. */
  readonly requests: number;
}

/** Scenario 2: one `pulumi refresh` of a stack of `count` resources over `apps` applications. */
export interface RefreshSample {
  readonly variant: VariantName;
  readonly count: number;
  readonly apps: number;
  readonly rep: number;
  readonly ms: number;
  readonly listCalls: number;
  /** The most list calls any one application got during the refresh. */
  readonly maxListCallsPerApp: number;
  readonly requests: number;
}

/** Scenario 3: one `pulumi up` of `count` NodionDeployments that wait for `available`. */
export interface WaitSample {
  readonly count: number;
  readonly rep: number;
  readonly buildMs: number;
  readonly ms: number;
  /** From the moment the last deployment became available (emulator clock) to CLI exit. */
  readonly lagMs: number;
  /** The longest any deployment stayed available before a list call could have seen it. */
  readonly detectMs: number;
  /** List calls after the one each create makes before its POST, per deployment. */
  readonly pollsPerDeployment: number;
  readonly listCalls: number;
}

/** Scenario 4: how much stack state the `count` resources of one variant take. */
export interface StateSample {
  readonly variant: VariantName;
  readonly count: number;
  readonly rep: number;
  /** Median over resources of the compact JSON of its entry in `pulumi stack export`. */
  readonly entryBytes: number;
  /** The largest such entry. */
  readonly entryBytesMax: number;
  /** The checkpoint file in the file backend. */
  readonly fileBytes: number;
  /** `fileBytes / count`: includes the stack's own and the provider's entries, amortised. */
  readonly fileBytesPerResource: number;
}

/** Every sample of a run. */
export interface Samples {
  readonly up: UpSample[];
  readonly refresh: RefreshSample[];
  readonly wait: WaitSample[];
  readonly state: StateSample[];
}
