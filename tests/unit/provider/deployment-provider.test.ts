import * as assert from "node:assert/strict";
import { LATE_COMMIT_HORIZON_MS, NodionClient } from "../../../client";
import { TriggerClaims } from "../../../client/claims";
import type { DeploymentInputs, DeploymentOutputs } from "../../../provider/args";
import { createDeploymentProvider } from "../../../provider/deployment-provider";
import { DeploymentLists } from "../../../provider/deployment-lists";
import { ProviderError } from "../../../provider/expected-error";
import { RecordedFailure } from "../../../provider/failure";
import { FakeClock } from "../client/fake-clock";
import { FakeNodionServer } from "../client/fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP } from "../client/fixtures";

const app = GIT_APP.id;
const gitPath = `/v1/applications/${app}/deployments`;
/** The sha the fake server gives every new deployment. */
const SHA = "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e";
const OLD_SHA = "0123456789abcdef0123456789abcdef01234567";

/** A provider over a fake server and a fake clock, as `handlers.ts` builds the real one. */
function setup(clock: FakeClock, env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  // One client for the process, as `clientFor` keeps one per connection; each setup() is a
  // process of its own, with claims of its own.
  let client: NodionClient | undefined;
  const claims = new TriggerClaims();
  const provider = createDeploymentProvider({
    clock,
    lists: new DeploymentLists(5_000, () => clock.now()),
    connect: (c) =>
      (client ??= new NodionClient({
        apiKey: c.apiKey,
        baseUrl: c.baseUrl,
        clock,
        random: () => 0,
        timeoutMs: 200,
        claims,
      })),
    report: (line) => lines.push(line),
    env: () => ({ NODION_API_KEY: API_KEY, ...env }),
    listGraceMs: 5_000,
  });
  return { provider, lines };
}

/** Sets the status of every stored deployment numbered `n` (the fake server does not build). */
function setStatus(server: FakeNodionServer, n: number, status: string): void {
  server.seedDeployments(
    app,
    server.deploymentsOf(app).map((d) => (d.deploy_number === n ? { ...d, status } : d)),
  );
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof Error);
    return err;
  }
  assert.fail("expected a failure");
}

describe("createDeploymentProvider", () => {
  let server: FakeNodionServer;
  let clock: FakeClock;
  const inputs = (extra: Partial<DeploymentInputs> = {}): DeploymentInputs => ({
    applicationId: app,
    baseUrl: server.baseUrl,
    triggers: [SHA],
    ...extra,
  });

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    clock = new FakeClock();
    server.seedApplication(GIT_APP);
    // Earlier deployments of another commit: only new ones show the triggers' sha.
    server.seedDeployments(
      app,
      DOCUMENTED_LIST.deployments.map((d) => ({ ...d, git_sha: OLD_SHA })),
    );
  });
  afterEach(() => server.close());

  describe("settle: a deployment the API returned is always recorded", () => {
    it("waits through a list that shows the new deployment only 1.5 s later", async () => {
      const { provider, lines } = setup(clock);
      const postedAt = { t: Number.NaN };
      server.onRequest = (r) => {
        if (r.method === "POST") postedAt.t = clock.now();
      };
      server.listView = (stored) =>
        clock.now() - postedAt.t < 1_500 ? stored.filter((d) => d.deploy_number < 3) : stored;
      clock.onSleep = () => {
        if (clock.now() - postedAt.t > 3_000) setStatus(server, 3, "available");
      };
      const { id, outs } = await provider.create(inputs());
      assert.ok(outs);
      assert.equal(outs.status, "available");
      assert.equal(id, server.deploymentsOf(app)[2]?.id);
      assert.equal(server.requestsTo("POST").length, 1);
      assert.ok(lines.includes(`triggered deploy #3 of application ${app}`));
    });

    it("records a deployment the list never shows, as a failure that keeps the resource", async () => {
      const { provider } = setup(clock);
      server.listView = (stored) => stored.filter((d) => d.deploy_number < 3);
      const err = await failure(provider.create(inputs()));
      assert.ok(err instanceof RecordedFailure, String(err));
      const made = server.deploymentsOf(app)[2];
      assert.equal(err.id, made?.id);
      assert.equal(err.properties.deploymentId, made?.id);
      assert.match(err.message, /has not appeared in the application's deployments yet/);
      assert.match(err.message, /stays in the stack/);
      assert.ok(clock.slept >= 5_000, "waited out the grace period first");
    });
  });

  describe("pending triggers: an unknown outcome is recorded and resolved by the next up", () => {
    it("records a pending trigger on update and adopts its finished deployment next time", async () => {
      const { provider } = setup(clock);
      const olds = {
        ...inputs({ triggers: ["old"] }),
        deploymentId: DOCUMENTED_LIST.deployments[0].id,
        deployNumber: 2,
        status: "available",
      } as DeploymentOutputs;
      // The POST creates #3 but answers 500, and the list cannot be read afterwards.
      server.script("POST", gitPath, { act: true, status: 500 });
      server.script("GET", gitPath, { act: true }, { status: 403 });
      const err = await failure(provider.update("resource-id", olds, inputs()));
      assert.ok(err instanceof RecordedFailure, String(err));
      assert.equal(err.id, "resource-id", "the resource keeps its id");
      assert.deepEqual(err.properties.pendingTrigger, {
        triggers: [SHA],
        imageTag: null,
        afterDeployNumber: 2,
        postedAt: new Date(Date.parse("2025-03-01T12:00:00.000Z")).toISOString(),
      });
      assert.equal(err.properties.deployNumber, 2, "what was known stays recorded");
      assert.match(err.message, /the next pulumi up adopts its deployment/);

      // Meanwhile the build finished; the next up (a new process) adopts it and posts nothing.
      setStatus(server, 3, "available");
      const next = setup(new FakeClock(clock.now() + 600_000));
      const recorded = err.properties;
      assert.equal((await next.provider.diff("resource-id", recorded, inputs())).changes, true);
      server.requests.length = 0;
      const { outs } = await next.provider.update("resource-id", recorded, inputs());
      assert.ok(outs);
      assert.equal(outs.deployNumber, 3);
      assert.equal(outs.pendingTrigger, undefined, "resolved");
      assert.equal(server.requestsTo("POST").length, 0);
      assert.equal(server.deploymentsOf(app).length, 3);
    });

    it("records a pending trigger on create and deploys next time when nothing appeared", async () => {
      const { provider } = setup(clock);
      server.script("POST", gitPath, { status: 500 });
      server.script("GET", gitPath, { act: true }, { status: 403 });
      const err = await failure(provider.create(inputs({ wait: "none" })));
      assert.ok(err instanceof RecordedFailure, String(err));
      assert.equal(err.properties.status, "unknown");
      assert.equal(err.properties.deploymentId, "");
      assert.equal(err.properties.pendingTrigger?.afterDeployNumber, 2);

      const next = setup(new FakeClock(clock.now() + 600_000));
      const read = await next.provider.read(err.id, err.properties);
      assert.deepEqual(read.props, err.properties, "refresh keeps a pending resource as it is");
      const { outs } = await next.provider.update(err.id, err.properties, inputs({ wait: "none" }));
      assert.ok(outs);
      assert.equal(outs.deployNumber, 3);
      assert.equal(server.requestsTo("POST").length, 2);
      assert.equal(server.deploymentsOf(app).length, 3);
    });
  });

  describe("claims: concurrent resources of one process", () => {
    it("never adopts a sibling's deployment, but adopts an interrupted run's", async () => {
      const { provider } = setup(clock);
      const first = await provider.create(inputs({ wait: "none" }));
      const second = await provider.create(inputs({ wait: "none" }));
      assert.notEqual(first.id, second.id);
      assert.equal(server.deploymentsOf(app).length, 4);

      // A new process (the next up after an interrupted one) finds #3 and #4 in progress, both
      // showing its sha and claimed by nobody there: it adopts the lowest instead of posting.
      const next = setup(new FakeClock());
      const third = await next.provider.create(inputs({ wait: "none" }));
      assert.equal(third.id, first.id);
      assert.equal(server.deploymentsOf(app).length, 4);
      assert.ok(next.lines.some((l) => /deploy #3 .*in progress; adopting it/.test(l)));
    });
  });

  describe("an interrupted update is resumed, not repeated", () => {
    /** State as a run killed after its update's POST left it: still deploy #2 of OLD_SHA. */
    const recorded = (): DeploymentOutputs =>
      ({
        ...inputs({ triggers: [OLD_SHA] }),
        deploymentId: DOCUMENTED_LIST.deployments[0].id,
        deployNumber: 2,
        status: "available",
        gitSha: OLD_SHA,
        imageReference: null,
      }) as DeploymentOutputs;

    /** The killed run's deployment: #3 of SHA, made by a POST whose answer nobody recorded. */
    async function killedRunPosted(status: string): Promise<void> {
      const killed = setup(clock);
      await killed.provider.update("resource-id", recorded(), inputs({ wait: "none" }));
      setStatus(server, 3, status);
      server.requests.length = 0;
    }

    for (const status of ["available", "failed", "waiting"]) {
      it(`adopts the new sha's deployment that is ${status}, saying so, and posts nothing`, async () => {
        await killedRunPosted(status);
        const next = setup(new FakeClock(clock.now() + 60_000));
        const { outs } = await next.provider.update(
          "resource-id",
          recorded(),
          inputs({ wait: "none" }),
        );
        assert.equal(outs?.deployNumber, 3);
        assert.equal(outs?.status, status);
        assert.equal(server.requestsTo("POST").length, 0);
        assert.ok(
          next.lines.includes(
            `deploy #3 of application ${app} for these triggers appeared after the recorded #2 (an interrupted run?); adopting it`,
          ),
          next.lines.join("\n"),
        );
      });
    }

    it("still deploys a change that keeps the recorded sha (a fresh deploy asked for)", async () => {
      await killedRunPosted("available");
      // Now #3 of SHA is recorded; the user adds a value to deploy the same commit again.
      const olds = {
        ...recorded(),
        ...inputs(),
        deployNumber: 3,
        gitSha: SHA,
      } as DeploymentOutputs;
      const next = setup(new FakeClock(clock.now() + 60_000));
      const { outs } = await next.provider.update(
        "resource-id",
        olds,
        inputs({ triggers: [SHA, "again"], wait: "none" }),
      );
      assert.equal(outs?.deployNumber, 4);
      assert.equal(server.requestsTo("POST").length, 1);
    });
  });

  describe("read: a resource is dropped only on proof that it is gone", () => {
    const recorded = (n: number, id: string): DeploymentOutputs =>
      ({
        ...inputs(),
        deploymentId: id,
        deployNumber: n,
        status: "available",
      }) as DeploymentOutputs;

    it("keeps the resource when the application answers 404 and names key, project and the way out", async () => {
      const { provider } = setup(clock, { NODION_PROJECT_ID: app });
      const notFound = { status: 404, json: { status: 404, error: "Not Found" } };
      server.script("GET", gitPath, notFound);
      server.script("GET", `/v1/applications/${app}`, notFound);
      const err = await failure(provider.read("d", recorded(2, "d")));
      assert.ok(ProviderError.isInstance(err));
      assert.doesNotMatch(err.message, /\n/);
      assert.match(
        err.message,
        /404 .*API key from NODION_API_KEY and project .* \(from NODION_PROJECT_ID\)/,
      );
      assert.match(
        err.message,
        /answers 404 too, so this key and project cannot see the application/,
      );
      assert.match(err.message, /pulumi state delete <urn>/);
      assert.deepEqual(
        server.requests.map((r) => `${r.method} ${r.path}`),
        [`GET ${gitPath}`, `GET /v1/applications/${app}`],
        "one look at the application after the list's 404",
      );
    });

    it("tells a misrouted deployment list from an application the key cannot see", async () => {
      const { provider } = setup(clock);
      server.script("GET", gitPath, { status: 404, json: { status: 404, error: "Not Found" } });
      const err = await failure(provider.read("d", recorded(2, "d")));
      assert.ok(ProviderError.isInstance(err));
      assert.doesNotMatch(err.message, /\n/);
      assert.match(
        err.message,
        /deployment list of application .* answered 404 .*but the application itself answers .*a proxy or routing problem/,
      );
      assert.doesNotMatch(err.message, /Check the application ID/);
      assert.match(err.message, /keeps deploy #2.*pulumi state delete <urn>/);
    });

    it("keeps a deployment missing from an empty or lagging list", async () => {
      const { provider } = setup(clock);
      const err = await failure(provider.read("gone", recorded(3, "gone")));
      assert.ok(ProviderError.isInstance(err));
      assert.match(err.message, /not proof it is gone/);
      server.seedDeployments(app, []);
      const fresh = setup(clock).provider; // no cached list
      assert.ok(ProviderError.isInstance(await failure(fresh.read("gone", recorded(1, "gone")))));
    });

    it("drops a deployment missing from a list whose numbering passed it", async () => {
      const { provider, lines } = setup(clock);
      const result = await provider.read("gone", recorded(1, "gone"));
      assert.deepEqual(result, {});
      assert.ok(lines.some((l) => /no longer exists; removing it/.test(l)));
    });

    it("reads status and newer deployments into state", async () => {
      const { provider } = setup(clock);
      const first = DOCUMENTED_LIST.deployments[1];
      const result = await provider.read(first.id, recorded(1, first.id));
      assert.equal(result.props?.isLatest, false);
      assert.equal(result.props?.latestDeployNumber, 2);
    });
  });

  describe("check", () => {
    it("refuses an apiKey input, naming the right way, and never hands it on", async () => {
      const { provider } = setup(clock);
      const result = await provider.check({}, { ...inputs(), apiKey: "nod_live_x" });
      assert.deepEqual(
        result.failures?.map((f) => f.property),
        ["apiKey"],
      );
      assert.match(result.failures?.[0]?.reason ?? "", /pulumi config set --secret nodion:apiKey/);
      assert.match(result.failures?.[0]?.reason ?? "", /NODION_API_KEY/);
      assert.ok(!JSON.stringify(result.inputs).includes("nod_live_x"));
    });

    it("refuses unknown inputs and accepts the empty output seeds", async () => {
      const { provider } = setup(clock);
      const result = await provider.check({}, { ...inputs(), trigger: "x", status: undefined });
      assert.deepEqual(
        result.failures?.map((f) => f.property),
        ["trigger"],
      );
      assert.match(result.failures?.[0]?.reason ?? "", /unknown input "trigger": .*triggers/);
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
      ["a CR/LF in projectId", { projectId: `${app}\r\nX: y` }, /line break or control character/],
      ["a newline in baseUrl", { baseUrl: "https://api.nodion.com/v1\n" }, /line breaks/],
      ["credentials in baseUrl", { baseUrl: "https://u:p@api.nodion.com/v1" }, /user name/],
      ["a query in baseUrl", { baseUrl: "https://api.nodion.com/v1?x=1" }, /query/],
      ["a malformed applicationId", { applicationId: "app\n1" }, /must be a UUID, got "app\\n1"/],
    ];
    for (const [what, change, reason] of bad) {
      it(`refuses ${what}`, async () => {
        const { provider } = setup(clock);
        const result = await provider.check({}, { ...inputs(), ...change });
        assert.equal(result.failures?.length, 1, JSON.stringify(result.failures));
        assert.match(result.failures?.[0]?.reason ?? "", reason);
      });
    }
  });

  describe("expected failures print as one line", () => {
    it("prints `nodion: <message>` where the host prints `${err}: ${err.stack}`", async () => {
      const { provider } = setup(clock);
      server.script("GET", gitPath, { status: 403, json: { errors: ["no access"] } });
      const err = await failure(
        provider.read("d", {
          ...inputs(),
          deploymentId: "d",
          deployNumber: 1,
        } as DeploymentOutputs),
      );
      assert.ok(ProviderError.isInstance(err));
      const printed = `${err}: ${err.stack}`;
      assert.equal(printed.split("\n").length, 1, printed);
      assert.match(printed, /^nodion: Nodion API: .*403 Forbidden/);
      assert.equal(err.stack, err.message);
    });

    it("a missing key is one line too", async () => {
      const provider = createDeploymentProvider({
        clock,
        lists: new DeploymentLists(0),
        connect: () => assert.fail("no client without a key"),
        report: () => undefined,
        env: () => ({}),
      });
      const err = await failure(provider.create(inputs()));
      assert.ok(ProviderError.isInstance(err));
      assert.match(`${err}: ${err.stack}`, /^nodion: apiKey: no Nodion API key: [^\n]+$/);
    });
  });

  describe("prepare: the plugin's early start on the API client", () => {
    /** A provider whose `connect` records the connections it is asked for. */
    function recording(env: NodeJS.ProcessEnv, connect?: () => never) {
      const asked: { apiKey: string; baseUrl: string }[] = [];
      const provider = createDeploymentProvider({
        clock,
        lists: new DeploymentLists(0),
        connect:
          connect ??
          ((c) => {
            asked.push({ apiKey: c.apiKey, baseUrl: c.baseUrl });
            return new NodionClient({ apiKey: c.apiKey, baseUrl: c.baseUrl });
          }),
        report: () => undefined,
        env: () => env,
      });
      return { provider, asked };
    }
    const config = (values: Record<string, string>) => ({
      config: { get: (key: string) => values[key] },
    });

    it("makes the client of the provider's settings without sending a request", async () => {
      const { provider, asked } = recording({});
      await provider.configure(
        config({ "nodion:apiKey": API_KEY, "nodion:baseUrl": server.baseUrl }),
      );
      provider.prepare();
      assert.deepEqual(asked, [{ apiKey: API_KEY, baseUrl: server.baseUrl }]);
      assert.deepEqual(server.requests, []);
    });

    it("takes the key from the environment, as operations do", async () => {
      const { provider, asked } = recording({
        NODION_API_KEY: API_KEY,
        NODION_API_URL: server.baseUrl,
      });
      await provider.configure(config({}));
      provider.prepare();
      assert.deepEqual(asked, [{ apiKey: API_KEY, baseUrl: server.baseUrl }]);
    });

    it("makes nothing without a key, and never throws", async () => {
      const { provider, asked } = recording({});
      await provider.configure(config({ "nodion:baseUrl": server.baseUrl }));
      provider.prepare();
      assert.deepEqual(asked, []);
      const failing = recording({ NODION_API_KEY: API_KEY }, () => {
        throw new Error("boom");
      });
      assert.doesNotThrow(() => failing.provider.prepare());
    });
  });
  describe("late commits: a duplicate of an unclear POST is never silent", () => {
    const lateLine =
      /^warning: application .*: deploy #4 shows the same commit as this stack's deploy #3 .*duplicateDeployNumbers/;

    /** Outputs of deploy #3 made by a second POST after an unclear one (as `create` records). */
    async function madeAfterAnUnclearPost(clockAt: FakeClock) {
      const { provider, lines } = setup(clockAt);
      server.script("POST", gitPath, { hang: true });
      const { id, outs } = await provider.create(inputs({ wait: "none" }));
      assert.ok(outs);
      return { provider, lines, id, outs };
    }

    it("warns once during the wait and records the late deployment, never adopting it", async () => {
      clock = new FakeClock(Date.now());
      const { provider, lines } = setup(clock);
      server.script("POST", gitPath, { hang: true });
      clock.onSleep = () => {
        const made = server.deploymentsOf(app).length;
        if (server.requestsTo("POST").length === 2 && made === 3) {
          server.createDeployment(app); // the first POST, committed after the window
        } else if (made === 4 && clock.slept > 40_000) {
          setStatus(server, 3, "available");
        }
      };
      const { id, outs } = await provider.create(inputs());
      assert.ok(outs);
      assert.equal(outs.deployNumber, 3, "ours is the deployment our second POST made");
      assert.equal(id, server.deploymentsOf(app)[2]?.id);
      assert.equal(outs.status, "available");
      assert.deepEqual(outs.duplicateDeployNumbers, [4]);
      assert.equal(outs.unclearPost?.afterDeployNumber, 2);
      assert.equal(lines.filter((l) => lateLine.test(l)).length, 1, lines.join("\n"));
      assert.equal(server.requestsTo("POST").length, 2, "no POST because of the duplicate");
    });

    it("records no watch when the POST was answered", async () => {
      const { provider } = setup(clock);
      const { outs } = await provider.create(inputs({ wait: "none" }));
      assert.equal(outs?.unclearPost, null);
      assert.deepEqual(outs?.duplicateDeployNumbers, []);
    });

    it("looks again on each up until the horizon, then stops, keeping what it found", async () => {
      clock = new FakeClock(Date.now());
      const { provider, lines, id, outs } = await madeAfterAnUnclearPost(clock);
      assert.equal(outs.deployNumber, 3);
      assert.deepEqual(outs.duplicateDeployNumbers, []);
      const diff = await provider.diff(id, outs, inputs({ wait: "none" }));
      assert.equal(diff.changes, true, "an up runs while the stack watches");
      server.createDeployment(app); // the late commit lands after up ended
      const posts = server.requestsTo("POST").length;
      const next = await provider.update(id, outs, inputs({ wait: "none" }));
      assert.deepEqual(next.outs?.duplicateDeployNumbers, [4]);
      assert.ok(next.outs?.unclearPost, "still watching");
      assert.equal(next.outs?.deploymentId, outs.deploymentId, "never adopted");
      assert.equal(lines.filter((l) => lateLine.test(l)).length, 1);
      await clock.sleep(LATE_COMMIT_HORIZON_MS + 1);
      const last = await provider.update(id, next.outs!, inputs({ wait: "none" }));
      assert.equal(last.outs?.unclearPost, null, "the watch ends after the horizon");
      assert.deepEqual(last.outs?.duplicateDeployNumbers, [4], "what it found stays recorded");
      assert.equal(lines.filter((l) => lateLine.test(l)).length, 1, "warned once");
      assert.equal((await provider.diff(id, last.outs!, inputs({ wait: "none" }))).changes, false);
      assert.equal(server.requestsTo("POST").length, posts, "never posted because of it");
    });

    it("refresh recognises it, warns in one line and records it", async () => {
      clock = new FakeClock(Date.now());
      const { provider, lines, id, outs } = await madeAfterAnUnclearPost(clock);
      server.createDeployment(app);
      const read = await provider.read(id, outs);
      assert.deepEqual(read.props?.duplicateDeployNumbers, [4]);
      assert.equal(read.props?.deploymentId, outs.deploymentId);
      assert.equal(lines.filter((l) => lateLine.test(l)).length, 1);
    });

    it("does not take another commit's deployment for a duplicate", async () => {
      clock = new FakeClock(Date.now());
      const { provider, lines, id, outs } = await madeAfterAnUnclearPost(clock);
      const other = server.createDeployment(app);
      server.seedDeployments(
        app,
        server.deploymentsOf(app).map((d) => (d.id === other.id ? { ...d, git_sha: OLD_SHA } : d)),
      );
      const read = await provider.read(id, outs);
      assert.deepEqual(read.props?.duplicateDeployNumbers, []);
      assert.ok(!lines.some((l) => l.startsWith("warning:")));
    });
  });
});
