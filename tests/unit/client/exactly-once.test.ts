import assert from "node:assert/strict";
import {
  MIN_OUTCOME_WINDOW_MS,
  NodionClient,
  TimeoutError,
  type NodionClientOptions,
} from "../../../client";
import { TriggerClaims } from "../../../client/claims";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer } from "./fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP } from "./fixtures";
import { rejection } from "./rejection";

const gitPath = `/v1/applications/${GIT_APP.id}/deployments`;
const SHA = "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e";

describe("NodionClient trigger: exactly once against a slow or rate-limiting API", () => {
  let server: FakeNodionServer;
  let clock: FakeClock;
  /** The test clock's time at each POST, relative to the start. */
  let postTimes: number[];
  let start: number;
  const client = (options: Partial<NodionClientOptions> = {}): NodionClient =>
    new NodionClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      clock,
      random: () => 0,
      // Each client stands for a process of its own (see the claims tests).
      claims: new TriggerClaims(),
      ...options,
    });

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    clock = new FakeClock();
    start = clock.now();
    postTimes = [];
    server.onRequest = (r) => {
      if (r.method === "POST") postTimes.push(clock.now() - start);
    };
    server.seedApplication(GIT_APP);
    server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
  });
  afterEach(() => server.close());

  it("watches the list for the whole window when the server acts after the request timeout", async () => {
    // The POST times out; the server creates the deployment 2 s (test time) later.
    server.script("POST", gitPath, { hang: true });
    clock.onSleep = () => {
      if (clock.slept >= 2_000 && server.deploymentsOf(GIT_APP.id).length === 2) {
        server.createDeployment(GIT_APP.id);
      }
    };
    const deployment = await client({ timeoutMs: 150, outcomeWindowMs: 5_000 }).triggerDeployment(
      GIT_APP.id,
    );
    assert.equal(server.requestsTo("POST").length, 1, "never posted again");
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 3, "exactly one deployment");
    assert.equal(deployment.deployNumber, 3);
  });

  it("posts again only after a successful look at or after the end of the window", async () => {
    server.script("POST", gitPath, { hang: true });
    const outcome = await client({ timeoutMs: 150, outcomeWindowMs: 4_000 }).triggerOrResume(
      GIT_APP.id,
    );
    assert.equal(outcome.source, "posted");
    assert.equal(server.requestsTo("POST").length, 2);
    assert.ok((postTimes[1] ?? 0) >= 4_000, `second POST at ${postTimes[1]} ms`);
    assert.ok(server.requestsTo("GET").length >= 4, "looked several times, not once");
  });

  it("defaults the observation window to the longer of the request timeout and 30 s, and refuses one shorter than the timeout", () => {
    assert.throws(
      () => client({ timeoutMs: 1_000, outcomeWindowMs: 999 }),
      /outcomeWindowMs must be at least the request timeout \(1000 ms\), got 999/,
    );
    assert.doesNotThrow(() => client({ timeoutMs: 1_000 }));
  });

  it("keeps the check's reserve when 429s use up the deadline", async () => {
    // 429s push the clock towards the deadline. A POST may start only while a full request
    // timeout and observation window are left, so the last one is checked, not given up on.
    const rateLimited = { status: 429, headers: { "Retry-After": "4" } };
    const c = client({ timeoutMs: 150, retry: { deadlineMs: 8_100 } });
    server.script("POST", gitPath, rateLimited, rateLimited, { act: true, hang: true });
    const found = await c.triggerDeployment(GIT_APP.id);
    assert.deepEqual(postTimes, [0, 4_000, 8_000]);
    assert.equal(found.deployNumber, 3, "the last POST's deployment was found");
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 3);

    // Once the next wait would end past the last start, the call stops with the 429.
    server.script("POST", gitPath, rateLimited, rateLimited, rateLimited, rateLimited);
    postTimes = [];
    start = clock.now();
    const error = await rejection(c.triggerDeployment(GIT_APP.id));
    assert.equal(error.kind, "rate_limit");
    assert.deepEqual(postTimes, [0, 4_000, 8_000]);
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 3, "nothing was created unseen");
  });

  it("reports the outcome as unknown when the list cannot be read through the window", async () => {
    server.script("POST", gitPath, { act: true, hang: true });
    server.script(
      "GET",
      gitPath,
      { act: true },
      ...Array.from({ length: 50 }, () => ({ status: 503 })),
    );
    const error = await rejection(
      client({
        timeoutMs: 150,
        outcomeWindowMs: 2_000,
        retry: { deadlineMs: 3_000 },
      }).triggerDeployment(GIT_APP.id),
    );
    assert.ok(TimeoutError.isInstance(error));
    assert.equal(error.outcomeUnknown, true);
    assert.equal(server.requestsTo("POST").length, 1, "never posts without a successful check");
  });

  describe("resume", () => {
    it("adopts an earlier POST's deployment above the recorded snapshot instead of posting", async () => {
      server.createDeployment(GIT_APP.id); // #3, made by the POST whose outcome was unknown
      server.createDeployment(GIT_APP.id); // #4, made by someone else later
      const outcome = await client().triggerOrResume(GIT_APP.id, {
        gitShas: ["release-1"],
        resume: { after: 2, evidence: "posted" },
      });
      assert.equal(outcome.source, "resumed");
      assert.equal(outcome.deployment.deployNumber, 3);
      assert.equal(server.requestsTo("POST").length, 0);
    });

    it("watches until a POST sent moments ago can no longer land", async () => {
      clock.onSleep = () => {
        if (clock.slept >= 1_000 && server.deploymentsOf(GIT_APP.id).length === 2) {
          server.createDeployment(GIT_APP.id);
        }
      };
      const outcome = await client({ timeoutMs: 150, outcomeWindowMs: 3_000 }).triggerOrResume(
        GIT_APP.id,
        { resume: { after: 2, evidence: "posted", postedAt: clock.now() } },
      );
      assert.equal(outcome.source, "resumed");
      assert.equal(server.requestsTo("POST").length, 0);
    });

    it("after an interruption adopts only a deployment that shows the trigger", async () => {
      server.createDeployment(GIT_APP.id); // #3, in progress, sha SHA
      const other = await client().triggerOrResume(GIT_APP.id, {
        gitShas: ["another-sha"],
        resume: { after: 2, evidence: "interrupted-create" },
      });
      assert.equal(other.source, "posted", "no evidence: a new deployment");
      const ours = await client().triggerOrResume(GIT_APP.id, {
        gitShas: [SHA],
        resume: { after: 2, evidence: "interrupted-create" },
      });
      assert.equal(ours.source, "resumed");
      assert.equal(ours.deployment.deployNumber, 3);
    });

    it("never adopts a deployment a concurrent call of the same client obtained", async () => {
      const c = client();
      const list = await c.listDeployments(GIT_APP.id);
      const first = await c.triggerOrResume(GIT_APP.id, {
        gitShas: [SHA],
        deployments: list,
        resume: { after: 2, evidence: "interrupted-create" },
      });
      // The second resource read the list after the first's POST: it shows #3 in progress.
      const second = await c.triggerOrResume(GIT_APP.id, {
        gitShas: [SHA],
        resume: { after: 2, evidence: "interrupted-create" },
      });
      assert.equal(first.source, "posted");
      assert.equal(second.source, "posted");
      assert.notEqual(first.deployment.id, second.deployment.id);
      // A fresh client (a new process) may still adopt it: that is an interrupted run's.
      const resumed = await client().triggerOrResume(GIT_APP.id, {
        gitShas: [SHA],
        resume: { after: 2, evidence: "interrupted-create" },
      });
      assert.equal(resumed.source, "resumed");
      assert.equal(resumed.deployment.id, first.deployment.id);
    });
  });

  // The window after an unclear POST: the request timeouts are real time (a hanging POST times
  // out after `timeoutMs`), the watch's time is the fake clock's.
  describe("the observation window does not shrink with the request timeout", () => {
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
      const outcome = await client({ timeoutMs: 150 }).triggerOrResume(GIT_APP.id);
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
      const outcome = await client({ timeoutMs: 150, outcomeWindowMs: 2_000 }).triggerOrResume(
        GIT_APP.id,
      );
      assert.equal(outcome.source, "posted");
      assert.ok((postTimes[1] ?? 0) >= 2_000 && (postTimes[1] ?? 0) < 10_000, `at ${postTimes[1]}`);
    });

    it("keeps the pending path: with too little deadline left it does not post again", async () => {
      // Deadline 10 s plus the reserve (request timeout + 30 s window): one POST, then the watch
      // uses the reserve, and a second POST could not be checked afterwards.
      server.script("POST", gitPath, { hang: true });
      const err = await rejection(
        client({ timeoutMs: 150, retry: { deadlineMs: 10_000 } }).triggerOrResume(GIT_APP.id),
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
      const outcome = await client({ timeoutMs: 150 }).triggerOrResume(GIT_APP.id, {
        resume: { after: 2, evidence: "posted", postedAt },
        gitShas: ["0000000000000000000000000000000000000000"],
      });
      assert.equal(outcome.source, "posted");
      assert.deepEqual(outcome.unclearPost, { afterDeployNumber: 2, postedAt });
    });
  });
});
