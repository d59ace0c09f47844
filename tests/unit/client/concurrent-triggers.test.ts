import assert from "node:assert/strict";
import { NodionClient } from "../../../client";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer, type Step } from "./fake-server";
import { API_KEY, DOCUMENTED_LIST, GIT_APP } from "./fixtures";

const gitPath = `/v1/applications/${GIT_APP.id}/deployments`;

describe("concurrent triggers of one client", () => {
  let server: FakeNodionServer;

  beforeEach(async () => {
    server = await FakeNodionServer.start();
    server.seedApplication(GIT_APP);
    server.seedDeployments(GIT_APP.id, DOCUMENTED_LIST.deployments);
  });
  afterEach(() => server.close());

  const pairs: [string, Step, Step][] = [
    ["one POST fails without acting while the other succeeds", { status: 500 }, {}],
    [
      "one POST acts then drops while the other fails without acting",
      { act: true, drop: true },
      { status: 500 },
    ],
  ];
  for (const [situation, first, second] of pairs) {
    it(`gives each call its own deployment when ${situation}`, async () => {
      server.script("POST", gitPath, first, second);
      const clock = new FakeClock();
      // The failed call backs off until the other POST has created its deployment, so that the
      // list it reads next shows a deployment that is not its own.
      clock.onSleep = async () => {
        while (server.requestsTo("POST").length < 2) await new Promise((r) => setTimeout(r, 5));
      };
      const client = new NodionClient({
        apiKey: API_KEY,
        baseUrl: server.baseUrl,
        clock,
        random: () => 0,
      });
      // Both calls read deploy #2 as the latest, as two resources of one stack would.
      const [a, b] = await Promise.all([
        client.triggerDeployment(GIT_APP.id, { latestDeployNumber: 2 }),
        client.triggerDeployment(GIT_APP.id, { latestDeployNumber: 2 }),
      ]);
      assert.notEqual(a.id, b.id, "no call adopts the other's deployment");
      assert.equal(server.deploymentsOf(GIT_APP.id).length, 4, "exactly two were created");
    });
  }
});
