import * as assert from "node:assert/strict";
import {
  OUTCOME_WINDOW_ENV,
  parseConnection,
  REQUEST_TIMEOUT_ENV,
  type ConnectionProblem,
} from "../../../provider/connection";

const key = { NODION_API_KEY: "k" };
const PROJECT = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";

function problems(...args: Parameters<typeof parseConnection>): readonly ConnectionProblem[] {
  const parsed = parseConnection(...args);
  return parsed.ok ? [] : parsed.problems;
}

describe("parseConnection", () => {
  it("refuses a plain-http base URL from stack config or the environment, naming the source", () => {
    assert.deepEqual(
      problems({}, { baseUrl: "http://nodion.example.com/v1" }, key).map((p) => p.property),
      ["nodion:baseUrl"],
    );
    const [problem] = problems({}, {}, { ...key, NODION_API_URL: "http://10.1.2.3/v1" });
    assert.equal(problem?.property, "NODION_API_URL");
    assert.match(
      problem?.reason ?? "",
      /http:\/\/10\.1\.2\.3 uses plain http .*would travel in clear/,
    );
  });

  it("accepts the default and loopback URLs, and reads every setting once", () => {
    const parsed = parseConnection(
      {},
      { projectId: PROJECT },
      { ...key, [REQUEST_TIMEOUT_ENV]: "1500" },
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.connection.baseUrlSource, "default");
    assert.equal(parsed.connection.keySource, "NODION_API_KEY");
    assert.equal(parsed.connection.projectSource, "nodion:projectId");
    assert.equal(parsed.connection.requestTimeoutMs, 1500);
    assert.deepEqual(problems({ baseUrl: "http://127.0.0.1:9/v1" }, {}, key), []);
  });

  it("names a missing key with both ways to set one", () => {
    const [problem] = problems({}, {}, {});
    assert.equal(problem?.property, "apiKey");
    assert.match(
      problem?.reason ?? "",
      /pulumi config set --secret nodion:apiKey .*NODION_API_KEY/,
    );
  });

  it("refuses a project id with a line break from config or the environment", () => {
    const [fromConfig] = problems({}, { projectId: `${PROJECT}\r\nX-Evil: 1` }, key);
    assert.equal(fromConfig?.property, "nodion:projectId");
    assert.match(fromConfig?.reason ?? "", /line break or control character/);
    const [fromEnv] = problems({}, {}, { ...key, NODION_PROJECT_ID: "prod" });
    assert.equal(fromEnv?.property, "NODION_PROJECT_ID");
    assert.match(fromEnv?.reason ?? "", /must be a UUID, got "prod"/);
  });

  it("refuses a key with a line break without showing it", () => {
    const [problem] = problems({}, { apiKey: "nod_secret\n" }, {});
    assert.equal(problem?.property, "nodion:apiKey");
    assert.ok(!problem?.reason.includes("nod_secret"));
  });

  for (const bad of ["0", "-5", "1.5", "soon", "600001"]) {
    it(`refuses ${REQUEST_TIMEOUT_ENV}=${bad}`, () => {
      const [problem] = problems({}, {}, { ...key, [REQUEST_TIMEOUT_ENV]: bad });
      assert.equal(problem?.property, REQUEST_TIMEOUT_ENV);
      assert.match(problem?.reason ?? "", /whole number of milliseconds from 1 to 600000/);
    });
  }

  it(`reads ${OUTCOME_WINDOW_ENV} apart from the request timeout`, () => {
    const parsed = parseConnection(
      {},
      {},
      { ...key, [REQUEST_TIMEOUT_ENV]: "1000", [OUTCOME_WINDOW_ENV]: "45000" },
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.connection.requestTimeoutMs, 1000);
    assert.equal(parsed.connection.outcomeWindowMs, 45_000);
    const unset = parseConnection({}, {}, { ...key, [REQUEST_TIMEOUT_ENV]: "1000" });
    assert.ok(unset.ok);
    assert.equal(unset.connection.outcomeWindowMs, undefined, "the SDK's floor applies");
  });

  it(`refuses ${OUTCOME_WINDOW_ENV} below the request timeout in force, naming both`, () => {
    const [explicit] = problems(
      {},
      {},
      { ...key, [REQUEST_TIMEOUT_ENV]: "5000", [OUTCOME_WINDOW_ENV]: "4000" },
    );
    assert.equal(explicit?.property, OUTCOME_WINDOW_ENV);
    assert.match(
      explicit?.reason ?? "",
      /\(4000 ms\) must be at least the request timeout \(5000 ms from NODION_REQUEST_TIMEOUT_MS\)/,
    );
    const [byDefault] = problems({}, {}, { ...key, [OUTCOME_WINDOW_ENV]: "29999" });
    assert.match(byDefault?.reason ?? "", /\(30000 ms, the default\)/);
    const [garbled] = problems({}, {}, { ...key, [OUTCOME_WINDOW_ENV]: "soon" });
    assert.match(
      garbled?.reason ?? "",
      /whole number of milliseconds from 1 to 600000, got "soon"/,
    );
  });
});
