import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  createRedactor,
  errorFromResponse,
  NodionClient,
  type ErrorEnvironment,
  type FailedRequest,
  type NodionError,
  type ResponseFacts,
} from "../../../client";
import { FakeClock } from "./fake-clock";
import { FakeNodionServer } from "./fake-server";
import { GIT_APP } from "./fixtures";
import { rejection } from "./rejection";

// 50 characters, none of whose 5-character runs occur in the SDK's own message text.
const KEY = "Q7x9Lm2Pz8Rt4Vw6Yb3Nc5Hd1Jf0Gk7Ts9Ua2We4Ri6Oy8Ep1";

/** Runs of 5 key characters found anywhere an error can be read. */
function keyFragments(error: NodionError): string[] {
  const texts = [
    error.message,
    error.apiMessage ?? "",
    JSON.stringify(error),
    inspect(error, { showHidden: true, depth: null }),
  ].join("\n");
  const found = new Set<string>();
  for (let i = 0; i + 5 <= KEY.length; i++) {
    if (texts.includes(KEY.slice(i, i + 5))) found.add(KEY.slice(i, i + 5));
  }
  return [...found];
}

const request: FailedRequest = {
  operation: "get application",
  method: "GET",
  path: `/v1/applications/${GIT_APP.id}`,
  applicationId: GIT_APP.id,
  idempotent: true,
};
const env: ErrorEnvironment = {
  retryStatuses: [500],
  nowMs: 0,
  redact: createRedactor([KEY]),
  origin: "https://api.nodion.com",
};
const facts = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
): ResponseFacts => ({ status, statusText: "", headers, body });

// Each case puts the key at every position around where a message is cut: `cut` is where the key
// starts for it to straddle the cut (allowing for text in front of it).
const CASES: readonly (readonly [string, number, (pad: string) => ResponseFacts])[] = [
  [
    "the API's JSON error text (cut at 300)",
    300,
    (pad) => facts(400, JSON.stringify({ errors: [`${pad}${KEY}`] })),
  ],
  [
    "the API's message field with the key partly \\u-escaped",
    300,
    (pad) => facts(401, `{"message":"${pad}\\u0051${KEY.slice(1)}"}`),
  ],
  [
    "a plain-text error body (cut at 200)",
    200,
    (pad) => facts(500, `${pad}${KEY}`, { "content-type": "text/plain" }),
  ],
  ["a non-JSON 2xx body (cut at 200)", 200, (pad) => facts(200, `${pad}${KEY}`)],
  [
    "a redirect location (whole message cut at 1000)",
    1000 - 140,
    (pad) => facts(302, "", { location: `https://x/${pad}${KEY}` }),
  ],
];

describe("error messages never hold part of an echoed key", () => {
  for (const [where, cut, respond] of CASES) {
    it(`redacts the key in ${where} wherever it falls`, () => {
      for (let at = Math.max(cut - 70, 0); at <= cut + 10; at++) {
        const error = errorFromResponse(request, respond("x".repeat(at)), env);
        assert.deepEqual(keyFragments(error), [], `key at ${at}: ${error.message}`);
      }
    });
  }

  it("redacts a key the API echoes next to the cut of a non-JSON 2xx body", async () => {
    const server = await FakeNodionServer.start();
    try {
      server.seedApplication(GIT_APP);
      const client = new NodionClient({
        apiKey: KEY,
        baseUrl: server.baseUrl,
        clock: new FakeClock(),
        retry: { maxAttempts: 1 },
      });
      for (const at of [150, 171, 190, 199]) {
        server.script("GET", request.path, { status: 200, raw: `${"y".repeat(at)}${KEY}` });
        const error = await rejection(client.getApplication(GIT_APP.id));
        assert.deepEqual(keyFragments(error), [], `key at ${at}: ${error.message}`);
      }
    } finally {
      await server.close();
    }
  });
});
