/**
 * The default seed and its well-known ids and keys, so tests and the demo can address seeded
 * objects without looking them up. Every value here is fake and only meaningful to the emulator.
 */
import type { AppRecord, Commit, DomainRecord, EmulatorSeed, Region } from "./types";

/** The main project: owns the `api`, `worker` and `web` apps and the project key. */
export const SEED_PROJECT_ID = "5746fd16-eb5c-43fb-b893-79609f8fa1e5";
/** A second project, reachable only by user keys that may select it. */
export const SEED_SANDBOX_PROJECT_ID = "d2022a77-0a00-415f-93e4-60e39ef6a1d4";

/** Git app `api` in the main project (branch `main`). */
export const SEED_API_APP_ID = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";
/** Git app `worker` in the main project (branch `main`). */
export const SEED_WORKER_APP_ID = "9cc0d1b0-eb32-4ef8-a434-9f2890f7109e";
/** Pre-built image app `web` in the main project: `nginx`, default tag `1.25`. */
export const SEED_WEB_APP_ID = "6d5b4c24-f8ba-45b2-9371-c8cd1c2180a2";
/** Git app `sandbox-api` in the sandbox project (branch `develop`). */
export const SEED_SANDBOX_APP_ID = "9a481f0d-a1d4-4bdf-aa96-32af05b70bc3";

/** Project key for the main project: full access, ignores `X-Nodion-Project`. */
export const SEED_PROJECT_KEY = "nodion-emulator-project-key";
/** User key with only the `read` scope, any project, default the main project. */
export const SEED_READ_KEY = "nodion-emulator-read-key";
/** User key with `read` and `write`, allowed only for the sandbox project (its default). */
export const SEED_SANDBOX_KEY = "nodion-emulator-sandbox-key";

/** Head commit of `api` in the default seed. */
export const SEED_API_HEAD_SHA = "80dd7af0bf7370c9e5f25e68bd7e28fd7b3f8920";
/** Head commit of `worker` in the default seed. */
export const SEED_WORKER_HEAD_SHA = "728d84b9e9bc21abba294053f3a5e62f44d73237";
/** Head commit of `sandbox-api` in the default seed. */
export const SEED_SANDBOX_HEAD_SHA = "a6391ba050e2c02f093de0ae8c2155bf51937c0d";

/** Region every seeded app runs in. */
export const SEED_REGION: Region = {
  id: "df842685-f521-4e2b-8318-1a8c693caa42",
  name: "Frankfurt, DE",
  slug: "fra",
};

/** Instance type id (`SB-G1-512MB`) every seeded app uses. */
export const SEED_INSTANCE_TYPE_ID = "d01b29f0-79bd-4192-9cd2-fa905918c744";

const SEEDED_AT = "2024-01-15T10:00:00.000+00:00";

function initialCommit(sha: string, message: string): Commit {
  return {
    sha,
    message,
    committerName: "Emu Lator",
    committerEmail: "emulator@example.com",
    committerUsername: "emulator",
    timestamp: "2024-01-15T09:30:00.000+00:00",
  };
}

/**
 * The verified `sub` domain every seeded app has (`<name>.emulator.nodion.app`). The names do not
 * resolve; a health check against them needs a seed with a domain that does.
 */
function subDomain(appId: string, name: string): DomainRecord {
  return {
    id: `${appId.slice(0, 24)}d0000000000${appId.slice(-1)}`,
    domainName: `${name}.emulator.nodion.app`,
    domainType: "sub",
    status: "verified",
    verificationCode: `nodion-verify-${name}`,
    createdAt: SEEDED_AT,
  };
}

function gitApp(
  id: string,
  projectId: string,
  name: string,
  branch: string,
  head: Commit,
): AppRecord {
  return {
    id,
    projectId,
    name,
    status: "online",
    state: "default",
    instanceAmount: 1,
    instanceTypeId: SEED_INSTANCE_TYPE_ID,
    region: SEED_REGION,
    createdAt: SEEDED_AT,
    source: { kind: "git", branch, commits: [head] },
    behaviour: { failMode: "none" },
    domains: [subDomain(id, name)],
  };
}

/** A fresh copy of the default seed (safe to mutate; each call builds new objects). */
export function defaultSeed(): EmulatorSeed {
  return {
    projects: [
      { id: SEED_PROJECT_ID, name: "emulator" },
      { id: SEED_SANDBOX_PROJECT_ID, name: "sandbox" },
    ],
    keys: [
      { kind: "project", token: SEED_PROJECT_KEY, name: "ci", projectId: SEED_PROJECT_ID },
      {
        kind: "user",
        token: SEED_READ_KEY,
        name: "read-only",
        scopes: ["read"],
        defaultProjectId: SEED_PROJECT_ID,
      },
      {
        kind: "user",
        token: SEED_SANDBOX_KEY,
        name: "sandbox-only",
        scopes: ["read", "write"],
        allowedProjects: [SEED_SANDBOX_PROJECT_ID],
        defaultProjectId: SEED_SANDBOX_PROJECT_ID,
      },
    ],
    apps: [
      gitApp(
        SEED_API_APP_ID,
        SEED_PROJECT_ID,
        "api",
        "main",
        initialCommit(SEED_API_HEAD_SHA, "Initial commit"),
      ),
      gitApp(
        SEED_WORKER_APP_ID,
        SEED_PROJECT_ID,
        "worker",
        "main",
        initialCommit(SEED_WORKER_HEAD_SHA, "Add worker"),
      ),
      {
        id: SEED_WEB_APP_ID,
        projectId: SEED_PROJECT_ID,
        name: "web",
        status: "online",
        state: "default",
        instanceAmount: 1,
        instanceTypeId: SEED_INSTANCE_TYPE_ID,
        region: SEED_REGION,
        createdAt: SEEDED_AT,
        source: {
          kind: "image",
          registry: "docker.io",
          imageName: "nginx",
          imageTag: "1.25",
          containerRegistryId: null,
        },
        behaviour: { failMode: "none" },
        domains: [subDomain(SEED_WEB_APP_ID, "web")],
      },
      gitApp(
        SEED_SANDBOX_APP_ID,
        SEED_SANDBOX_PROJECT_ID,
        "sandbox-api",
        "develop",
        initialCommit(SEED_SANDBOX_HEAD_SHA, "Sandbox scaffold"),
      ),
    ],
    deployments: [],
  };
}
