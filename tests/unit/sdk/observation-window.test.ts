import assert from "node:assert/strict";
import {
  findLateDuplicates,
  LATE_COMMIT_HORIZON_MS,
  MIN_OUTCOME_WINDOW_MS,
  NodionClient,
  type Deployment,
  type NodionClientOptions,
} from "../../../sdk";
import { TriggerClaims } from "../../../sdk/claims";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer } from "./fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP } from "./fixtures";
import { rejection } from "./rejection";

const gitPath = `/v1/applications/${GIT_APP.id}/deployments`;

// The window after an unclear POST, on the fake clock: the request timeouts below are real (a
// hanging POST times out after `timeoutMs` of real time) while the watch's time is the clock's.
describe("NodionClient trigger: the observation window does not shrink with the request timeout", () => {
  let server: FakeNodionServer;
  let clock: FakeClock;
  let start: number;
  /** The test clock's time at each POST, relative to the start. */
  let postTimes: number[];
  const client = (options: Partial<NodionClientOptions> = {}): NodionClient =>
    new NodionClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      clock,
      random: () => 0,
      claims: new TriggerClaims(),
      timeoutMs: 150,
      ...options,
    });

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    clock = new FakeClock(Date.now());
    start = clock.now();
    postTimes = [];
    server.onRequest = (r) => {
      if (r.method === "POST") postTimes.push(clock.now() - start);
    };
    server.seedApplication(GIT_APP);
    server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
  });
  afterEach(() => server.close());

  it("has a 30 s floor", () => {
    assert.equal(MIN_OUTCOME_WINDOW_MS, 30_000);
  });

  it("adopts a commit that lands 2.5 request timeouts after the POST, with one POST", async () => {
    server.script("POST", gitPath, { hang: true });
    clock.onSleep = () => {
      if (clock.slept >= 2_500 && server.deploymentsOf(GIT_APP.id).length === 2) {
        server.createDeployment(GIT_APP.id);
      }
    };
    const outcome = await client({ timeoutMs: 1_000 }).triggerOrResume(GIT_APP.id);
    assert.equal(outcome.source, "recovered");
    assert.equal(outcome.unclearPost, undefined, "nothing else was posted");
    assert.equal(server.requestsTo("POST").length, 1);
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 3);
  });

  it("posts again only after the floor has passed, whatever the short request timeout", async () => {
    server.script("POST", gitPath, { hang: true });
    const outcome = await client().triggerOrResume(GIT_APP.id);
    assert.equal(outcome.source, "posted");
    assert.equal(server.requestsTo("POST").length, 2);
    assert.ok((postTimes[1] ?? 0) >= MIN_OUTCOME_WINDOW_MS, `second POST at ${postTimes[1]} ms`);
    // The first POST's outcome stays unknown: the outcome says so, with its snapshot and time.
    assert.deepEqual(outcome.unclearPost, { afterDeployNumber: 2, postedAt: start });
  });

  it("watches as long as the request timeout when that is longer than the floor", async () => {
    // A dropped connection is as unclear as a timeout, without 45 s of real waiting.
    server.script("POST", gitPath, { drop: true });
    const outcome = await client({ timeoutMs: 45_000 }).triggerOrResume(GIT_APP.id);
    assert.equal(outcome.source, "posted");
    const second = postTimes[1] ?? 0;
    assert.ok(second >= 45_000 && second < 60_000, `second POST at ${second} ms`);
  });

  it("takes an explicit shorter window as given (the caller trusts its server)", async () => {
    server.script("POST", gitPath, { hang: true });
    const outcome = await client({ outcomeWindowMs: 2_000 }).triggerOrResume(GIT_APP.id);
    assert.equal(outcome.source, "posted");
    assert.ok((postTimes[1] ?? 0) >= 2_000 && (postTimes[1] ?? 0) < 10_000, `at ${postTimes[1]}`);
  });

  it("keeps the pending path: with too little deadline left it does not post again", async () => {
    // Deadline 10 s plus the reserve (request timeout + 30 s window): one POST, then the watch
    // uses the reserve, and a second POST could not be checked afterwards.
    server.script("POST", gitPath, { hang: true });
    const err = await rejection(
      client({ retry: { deadlineMs: 10_000 } }).triggerOrResume(GIT_APP.id),
    );
    assert.ok(
      (err as { outcomeUnknown?: boolean }).outcomeUnknown,
      `an unclear failure: ${String(err)}`,
    );
    assert.equal(server.requestsTo("POST").length, 1, "never posted again");
    assert.ok(clock.slept >= MIN_OUTCOME_WINDOW_MS, `watched ${clock.slept} ms`);
  });

  it("reports a recorded pending POST as unclear when it resumes and then posts", async () => {
    const postedAt = clock.now() - 60_000;
    const outcome = await client().triggerOrResume(GIT_APP.id, {
      resume: { after: 2, evidence: "posted", postedAt },
      gitShas: ["0000000000000000000000000000000000000000"],
    });
    assert.equal(outcome.source, "posted");
    assert.deepEqual(outcome.unclearPost, { afterDeployNumber: 2, postedAt });
  });
});

describe("findLateDuplicates", () => {
  const SHA = "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e";
  const OTHER = "0123456789abcdef0123456789abcdef01234567";
  const at = Date.parse("2026-12-02T10:00:00.000Z");
  const deployment = (n: number, extra: Partial<Deployment> = {}): Deployment => ({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    status: "available",
    deployNumber: n,
    gitSha: SHA,
    commitMessage: "m",
    committerName: "c",
    committerEmail: "c@example.com",
    committerUsername: "c",
    commitTimestamp: "2026-12-02T10:00:00.000+00:00",
    strategy: "dockerfile",
    imageReference: null,
    createdAt: new Date(at + n * 1000).toISOString(),
    updatedAt: null,
    ...extra,
  });
  const unclear = { afterDeployNumber: 2, postedAt: at };

  it("finds deployments of the same commit above the snapshot, lowest first, never ours", () => {
    const own = deployment(3);
    const list = [deployment(5), own, deployment(4, { gitSha: OTHER }), deployment(2)];
    assert.deepEqual(
      findLateDuplicates(list, own, unclear).map((d) => d.deployNumber),
      [5],
    );
    const late = deployment(6);
    assert.deepEqual(
      findLateDuplicates([late, deployment(5), own], own, unclear).map((d) => d.deployNumber),
      [5, 6],
    );
  });

  it("counts one made before ours (the late commit landed before our second POST)", () => {
    const own = deployment(4);
    assert.deepEqual(
      findLateDuplicates([own, deployment(3)], own, unclear).map((d) => d.deployNumber),
      [3],
    );
  });

  it("matches image deployments by image reference", () => {
    const image = { gitSha: null, strategy: "prebuilt_image" };
    const own = deployment(3, { ...image, imageReference: "docker.io/library/nginx:1.25" });
    const same = deployment(4, { ...image, imageReference: "docker.io/library/nginx:1.25" });
    const other = deployment(5, { ...image, imageReference: "docker.io/library/nginx:1.26" });
    assert.deepEqual(
      findLateDuplicates([other, same, own], own, unclear).map((d) => d.deployNumber),
      [4],
    );
  });

  it("reports none for a deployment that shows neither a sha nor an image", () => {
    const own = deployment(3, { gitSha: null });
    assert.deepEqual(findLateDuplicates([deployment(4, { gitSha: null }), own], own, unclear), []);
  });

  it("ignores a deployment created after the horizon (someone else's redeploy of the commit)", () => {
    const own = deployment(3);
    const later = deployment(4, {
      createdAt: new Date(at + LATE_COMMIT_HORIZON_MS + 1).toISOString(),
    });
    const unparsable = deployment(5, { createdAt: "yesterday" });
    assert.deepEqual(
      findLateDuplicates([unparsable, later, own], own, unclear).map((d) => d.deployNumber),
      [5],
    );
  });
});
