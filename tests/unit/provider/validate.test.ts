import * as assert from "node:assert/strict";
import { baseUrlProblem, UNKNOWN, validateInputs } from "../../../provider/validate";

const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";

describe("validateInputs", () => {
  it("accepts a complete, valid set of inputs", () => {
    assert.deepEqual(
      validateInputs({
        applicationId: APP,
        triggers: ["abc"],
        imageTag: "v2.0.0",
        wait: "none",
        timeoutSeconds: 30,
        projectId: APP,
        baseUrl: "https://api.nodion.com/v1",
      }),
      [],
    );
  });

  it("skips values that are not known yet (preview)", () => {
    assert.deepEqual(
      validateInputs({ applicationId: UNKNOWN, triggers: [UNKNOWN], timeoutSeconds: UNKNOWN }),
      [],
    );
  });

  it("names every bad property at once", () => {
    const failures = validateInputs({
      triggers: "abc",
      wait: true,
      timeoutSeconds: Number.NaN,
      adoptDeploymentId: "x",
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["applicationId", "triggers", "wait", "timeoutSeconds", "adoptDeploymentId"],
    );
  });

  it("rejects more than 64 triggers", () => {
    const failures = validateInputs({ applicationId: APP, triggers: Array(65).fill("t") });
    assert.match(failures[0]?.reason ?? "", /at most 64 values, got 65/);
  });
});

describe("baseUrlProblem", () => {
  it("allows https anywhere and plain http only to this machine", () => {
    assert.equal(baseUrlProblem("https://api.nodion.com/v1"), undefined);
    assert.equal(baseUrlProblem("http://127.0.0.1:8080/v1"), undefined);
    assert.equal(baseUrlProblem("http://localhost:8080/v1"), undefined);
    assert.equal(baseUrlProblem("http://[::1]:8080/v1"), undefined);
    assert.match(baseUrlProblem("http://10.0.0.5/v1") ?? "", /would travel in clear/);
    assert.match(baseUrlProblem("ftp://example.com") ?? "", /must use https/);
    assert.match(baseUrlProblem("api.nodion.com") ?? "", /absolute URL/);
  });

  it("allows plain http to another host only with NODION_ALLOW_INSECURE_HTTP=1", () => {
    const url = "http://nodion-test.internal:8080/v1";
    assert.match(baseUrlProblem(url, {}) ?? "", /NODION_ALLOW_INSECURE_HTTP=1/);
    assert.match(baseUrlProblem(url, { NODION_ALLOW_INSECURE_HTTP: "yes" }) ?? "", /in clear/);
    assert.equal(baseUrlProblem(url, { NODION_ALLOW_INSECURE_HTTP: "1" }), undefined);
    assert.match(
      baseUrlProblem("ftp://x", { NODION_ALLOW_INSECURE_HTTP: "1" }) ?? "",
      /must use https/,
    );
  });
});
