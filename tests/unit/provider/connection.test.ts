import * as assert from "node:assert/strict";
import {
  connectionProblems,
  REQUEST_TIMEOUT_ENV,
  resolveConnection,
} from "../../../provider/connection";

const key = { NODION_API_KEY: "k" };

describe("connectionProblems", () => {
  it("refuses a plain-http base URL from stack config or the environment, naming the source", () => {
    const fromConfig = resolveConnection({}, { baseUrl: "http://nodion.example.com/v1" }, key);
    assert.deepEqual(
      connectionProblems(fromConfig!).map((p) => p.property),
      ["nodion:baseUrl"],
    );
    const fromEnv = resolveConnection({}, {}, { ...key, NODION_API_URL: "http://10.1.2.3/v1" });
    const [problem] = connectionProblems(fromEnv!);
    assert.equal(problem?.property, "NODION_API_URL");
    assert.match(
      problem?.reason ?? "",
      /http:\/\/10\.1\.2\.3 uses plain http .*would travel in clear/,
    );
  });

  it("accepts the default and loopback URLs", () => {
    assert.deepEqual(connectionProblems(resolveConnection({}, {}, key)!), []);
    const local = resolveConnection({ baseUrl: "http://127.0.0.1:9/v1" }, {}, key);
    assert.deepEqual(connectionProblems(local!), []);
  });

  for (const bad of ["0", "-5", "1.5", "soon", "600001"]) {
    it(`refuses ${REQUEST_TIMEOUT_ENV}=${bad}`, () => {
      const connection = resolveConnection({}, {}, { ...key, [REQUEST_TIMEOUT_ENV]: bad });
      const [problem] = connectionProblems(connection!);
      assert.equal(problem?.property, REQUEST_TIMEOUT_ENV);
      assert.match(problem?.reason ?? "", /whole number of milliseconds from 1 to 600000/);
    });
  }

  it(`accepts ${REQUEST_TIMEOUT_ENV}=1500`, () => {
    const connection = resolveConnection({}, {}, { ...key, [REQUEST_TIMEOUT_ENV]: "1500" });
    assert.deepEqual(connectionProblems(connection!), []);
  });
});
