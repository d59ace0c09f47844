import assert from "node:assert/strict";
import {
  InvalidArgumentError,
  NodionClient,
  normaliseBaseUrl,
  type NodionClientOptions,
} from "../../../client";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer } from "./fake-server";
import { API_KEY, GIT_APP } from "./fixtures";

const UNSAFE_IDS = [
  ".",
  "..",
  "a/../b?c",
  "%2e%2e",
  "",
  " ",
  `${GIT_APP.id}/x`,
  `${GIT_APP.id}\n`,
  "not-a-uuid",
];
const DEPLOYMENT_ID = "92955d4f-2e44-4e48-8cb6-9c6c434afebb";

describe("argument checks", () => {
  let server: FakeNodionServer;
  beforeEach(async () => {
    server = await FakeNodionServer.start();
    server.seedApplication(GIT_APP);
  });
  afterEach(() => server.close());

  const client = (): NodionClient =>
    new NodionClient({ apiKey: API_KEY, baseUrl: server.baseUrl, clock: new FakeClock() });

  const calls: readonly (readonly [
    string,
    string,
    (c: NodionClient, id: string) => Promise<unknown>,
  ])[] = [
    ["getApplication", "applicationId", (c, id) => c.getApplication(id)],
    ["listDeployments", "applicationId", (c, id) => c.listDeployments(id)],
    ["triggerDeployment", "applicationId", (c, id) => c.triggerDeployment(id)],
    ["findDeployment", "applicationId", (c, id) => c.findDeployment(id, DEPLOYMENT_ID)],
    ["findDeployment", "deploymentId", (c, id) => c.findDeployment(GIT_APP.id, id)],
  ];
  for (const [method, parameter, call] of calls) {
    it(`${method} refuses a ${parameter} that is not a UUID before any request`, async () => {
      for (const id of UNSAFE_IDS) {
        await assert.rejects(
          call(client(), id),
          (error: unknown) =>
            InvalidArgumentError.isInstance(error) &&
            error instanceof TypeError &&
            error.parameter === parameter &&
            error.message.startsWith(`${parameter} must be a UUID`),
          `accepted ${JSON.stringify(id)}`,
        );
      }
      assert.equal(server.requests.length, 0);
    });
  }

  it("accepts upper-case UUIDs", async () => {
    await assert.rejects(client().getApplication(GIT_APP.id.toUpperCase()), /404|Not Found/);
    assert.equal(server.requests.length, 1);
  });

  const options: readonly (readonly [string, string, Partial<NodionClientOptions>])[] = [
    ["a query string in the base URL", "baseUrl", { baseUrl: "https://api.nodion.com/v1?x=1" }],
    ["an empty query in the base URL", "baseUrl", { baseUrl: "https://api.nodion.com/v1?" }],
    ["a fragment in the base URL", "baseUrl", { baseUrl: "https://api.nodion.com/v1#frag" }],
    [
      "user information in the base URL",
      "baseUrl",
      { baseUrl: `https://u:${API_KEY}@api.nodion.com/v1` },
    ],
    ["a non-http base URL", "baseUrl", { baseUrl: "ftp://api.nodion.com/v1" }],
    ["CR/LF in the API key", "apiKey", { apiKey: `${API_KEY}\r\nX-Evil: 1` }],
    ["a lone LF in the API key", "apiKey", { apiKey: `${API_KEY}\n` }],
    ["a NUL in the API key", "apiKey", { apiKey: `${API_KEY}\u0000` }],
    ["a DEL in the API key", "apiKey", { apiKey: `${API_KEY}\u007f` }],
    ["a non-ASCII API key", "apiKey", { apiKey: `${API_KEY}é` }],
    [
      "CR/LF in the project ID",
      "projectId",
      { projectId: `p\r\nAuthorization: Bearer ${API_KEY}` },
    ],
    ["a tab in the project ID", "projectId", { projectId: "p\tq" }],
  ];
  for (const [what, parameter, option] of options) {
    it(`refuses ${what} at construction without quoting the key`, () => {
      assert.throws(
        () => new NodionClient({ apiKey: API_KEY, ...option }),
        (error: unknown) =>
          InvalidArgumentError.isInstance(error) &&
          error.parameter === parameter &&
          !error.message.includes(API_KEY) &&
          !String(error.stack).includes(API_KEY),
      );
    });
  }
});

describe("normaliseBaseUrl", () => {
  const same: readonly (readonly [string, string])[] = [
    ["https://api.nodion.com/v1", "https://api.nodion.com/v1"],
    ["https://api.nodion.com/v1/", "https://api.nodion.com/v1"],
    ["https://api.nodion.com/v1//", "https://api.nodion.com/v1"],
    ["HTTPS://API.Nodion.com:443/v1", "https://api.nodion.com/v1"],
    ["https://api.nodion.com/x/../v1/", "https://api.nodion.com/v1"],
    ["http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1"],
    ["http://[::1]:80/", "http://[::1]"],
  ];
  for (const [input, expected] of same) {
    it(`normalises ${input}`, () => assert.equal(normaliseBaseUrl(input), expected));
  }
});
