import assert from "node:assert/strict";
import { NodionClient } from "../../../client";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer } from "./fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP } from "./fixtures";

const gitPath = `/v1/applications/${GIT_APP.id}/deployments`;

describe("trigger claims shared per API", () => {
  let server: FakeNodionServer;

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    server.seedApplication(GIT_APP);
    server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
  });
  afterEach(() => server.close());

  it("shares claims between two clients whose base URLs differ only by a trailing slash", async () => {
    // One POST fails without acting; the other creates deploy #3, which the failed call's search
    // then finds above its snapshot and must not adopt.
    server.script("POST", gitPath, { status: 500 }, { act: true });
    const clock = new FakeClock();
    clock.onSleep = async () => {
      while (server.requestsTo("POST").length < 2) await new Promise((r) => setTimeout(r, 5));
    };
    const options = { apiKey: API_KEY, clock, random: () => 0 };
    const plain = new NodionClient({ ...options, baseUrl: server.baseUrl });
    const slashed = new NodionClient({ ...options, baseUrl: `${server.baseUrl}/` });
    const [a, b] = await Promise.all([
      plain.triggerDeployment(GIT_APP.id, { latestDeployNumber: 2 }),
      slashed.triggerDeployment(GIT_APP.id, { latestDeployNumber: 2 }),
    ]);
    assert.notEqual(a.id, b.id, "no client adopts the other's deployment");
    assert.equal(server.deploymentsOf(GIT_APP.id).length, 4, "exactly two were created");
  });
});
