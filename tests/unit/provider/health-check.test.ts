import * as assert from "node:assert/strict";
import { createRedactor, type Deployment, type Domain } from "../../../client";
import {
  describeLastResponse,
  parseStatusRange,
  pickDomain,
  resolveHealthCheck,
  runHealthCheck,
  type ProbeOutcome,
} from "../../../provider/health-check";
import { durationSeconds, previousDeployment, toOutputs } from "../../../provider/outputs";
import { validateInputs, UNKNOWN } from "../../../provider/validate";
import { FakeClock } from "../client/fake-clock";
import { deploymentFixture } from "../client/fixtures";

const APP = "4821fad6-f7a3-4df9-bfb6-71c19e92870c";
const KEY = "nodion-secret-key-1234567890";

const domain = (domainName: string, domainType: string, status: string): Domain => ({
  id: domainName,
  domainName,
  domainType,
  status,
});

describe("health check", () => {
  it("parses a status or an inclusive range, and refuses anything else", () => {
    assert.deepEqual(parseStatusRange("204"), { low: 204, high: 204 });
    assert.deepEqual(parseStatusRange("200-299"), { low: 200, high: 299 });
    for (const bad of ["", "2xx", "299-200", "600", "99", "200-"]) {
      assert.equal(parseStatusRange(bad), undefined, bad);
    }
  });

  it("picks a verified main domain first, then a verified sub domain", () => {
    const sub = domain("app.nodion.app", "sub", "verified");
    const main = domain("app.example.com", "main", "verified");
    const pending = domain("new.example.com", "main", "pending");
    assert.equal(pickDomain([sub, pending, main]), main);
    assert.equal(pickDomain([pending, sub]), sub);
    assert.equal(pickDomain([pending]), undefined);
  });

  it("asks a full url as given, and a path on the verified domain over https", async () => {
    let read = 0;
    const domains = async () => {
      read++;
      return [domain("app.example.com", "main", "verified")];
    };
    const byUrl = await resolveHealthCheck({ url: "http://127.0.0.1:8080/up" }, domains);
    assert.deepEqual(byUrl, {
      ok: true,
      check: {
        url: "http://127.0.0.1:8080/up",
        expected: { low: 200, high: 399 },
        timeoutMs: 60_000,
      },
    });
    assert.equal(read, 0, "a url needs no domain");
    const byPath = await resolveHealthCheck(
      { path: "/healthz?deep=1", expectedStatus: "204", timeoutSeconds: 5 },
      domains,
    );
    assert.deepEqual(byPath, {
      ok: true,
      check: {
        url: "https://app.example.com/healthz?deep=1",
        expected: { low: 204, high: 204 },
        timeoutMs: 5000,
      },
    });
    const none = await resolveHealthCheck({ path: "/" }, async () => []);
    assert.equal(none.ok, false);
  });

  it("asks until the answer is expected, pausing between attempts", async () => {
    const clock = new FakeClock();
    const answers: ProbeOutcome[] = [
      { ok: false, reason: "no answer (ECONNREFUSED)" },
      { ok: true, status: 503, body: "starting" },
      { ok: true, status: 200, body: "ok" },
    ];
    const progress: string[] = [];
    const outcome = await runHealthCheck(
      { url: "https://a/h", expected: { low: 200, high: 299 }, timeoutMs: 60_000 },
      {
        probe: async () => answers.shift() ?? assert.fail(),
        clock,
        onProgress: (l) => progress.push(l),
      },
    );
    assert.deepEqual(outcome, { healthy: true, status: 200, attempts: 3 });
    assert.deepEqual(clock.sleeps, [1000, 2000]);
    assert.equal(progress.length, 2, "one line per change of answer");
  });

  it("fails after the timeout with the last response, not a last attempt cut short", async () => {
    const clock = new FakeClock();
    const timeouts: number[] = [];
    const outcome = await runHealthCheck(
      { url: "https://a/h", expected: { low: 200, high: 399 }, timeoutMs: 8_000 },
      {
        probe: async (_url, timeoutMs) => {
          timeouts.push(timeoutMs);
          return { ok: true, status: 503, body: "db down" };
        },
        clock,
        onProgress: () => undefined,
      },
    );
    assert.equal(outcome.healthy, false);
    assert.ok(!outcome.healthy && outcome.last.ok && outcome.last.status === 503);
    assert.ok(clock.slept <= 8_000, `${clock.slept}`);
    assert.ok(
      timeouts.every((t) => t >= 1000),
      "no attempt starts with less than a second left",
    );
  });

  it("gives a never-answering url one attempt bounded by the timeout", async () => {
    const clock = new FakeClock();
    const outcome = await runHealthCheck(
      { url: "https://a/h", expected: { low: 200, high: 399 }, timeoutMs: 2_000 },
      {
        probe: async (_url, timeoutMs) => {
          await clock.sleep(timeoutMs);
          return { ok: false, reason: `no answer within ${timeoutMs / 1000}s` };
        },
        clock,
        onProgress: () => undefined,
      },
    );
    assert.deepEqual(outcome, {
      healthy: false,
      last: { ok: false, reason: "no answer within 2s" },
      attempts: 1,
      waitedMs: 2000,
    });
  });

  it("quotes a short, one-line, redacted excerpt of the last body", () => {
    const redact = createRedactor([KEY]);
    const shown = describeLastResponse(
      { ok: true, status: 503, body: `error\n\tkey=${KEY} Bearer xyz ${"z".repeat(500)}` },
      redact,
    );
    assert.ok(shown.startsWith('last response: 503 "error key=[REDACTED] Bearer [REDACTED] zz'));
    assert.ok(shown.length < 200, `${shown.length}`);
    assert.ok(!shown.includes(KEY));
    assert.equal(
      describeLastResponse({ ok: true, status: 500, body: "" }, redact),
      "last response: 500 empty body",
    );
  });
});

describe("check() of failureLogLines and healthCheck", () => {
  const fails = (news: Record<string, unknown>) =>
    validateInputs({ applicationId: APP, ...news }).map((f) => f.property);

  it("accepts valid settings and values not known yet", () => {
    assert.deepEqual(fails({ failureLogLines: 0 }), []);
    assert.deepEqual(fails({ failureLogLines: 200 }), []);
    assert.deepEqual(fails({ healthCheck: { path: "/healthz" } }), []);
    assert.deepEqual(
      fails({
        healthCheck: {
          url: "https://a.example.com/h",
          expectedStatus: "200-299",
          timeoutSeconds: 30,
        },
      }),
      [],
    );
    assert.deepEqual(fails({ failureLogLines: UNKNOWN, healthCheck: UNKNOWN }), []);
    assert.deepEqual(fails({ healthCheck: { url: UNKNOWN, expectedStatus: UNKNOWN } }), []);
  });

  it("refuses a failureLogLines that is not a whole number from 0 to 200", () => {
    for (const bad of [-1, 201, 1.5, "20"]) {
      assert.deepEqual(fails({ failureLogLines: bad }), ["failureLogLines"], String(bad));
    }
  });

  it("names every bad healthCheck property at once", () => {
    assert.deepEqual(
      fails({
        healthCheck: { path: "healthz", expectedStatus: "2xx", timeoutSeconds: 0, retries: 3 },
      }),
      [
        "healthCheck.retries",
        "healthCheck.path",
        "healthCheck.expectedStatus",
        "healthCheck.timeoutSeconds",
      ],
    );
    assert.deepEqual(fails({ healthCheck: { path: "//evil.example.com/x" } }), [
      "healthCheck.path",
    ]);
    assert.deepEqual(fails({ healthCheck: { url: "ftp://a/b" } }), ["healthCheck.url"]);
    assert.deepEqual(fails({ healthCheck: { url: "https://u:p@a/b" } }), ["healthCheck.url"]);
    assert.deepEqual(fails({ healthCheck: { url: "/relative" } }), ["healthCheck.url"]);
    assert.deepEqual(fails({ healthCheck: { timeoutSeconds: 3601, path: "/" } }), [
      "healthCheck.timeoutSeconds",
    ]);
  });

  it("wants exactly one of path and url, and an object", () => {
    assert.deepEqual(fails({ healthCheck: {} }), ["healthCheck"]);
    assert.deepEqual(fails({ healthCheck: { path: "/", url: "https://a/" } }), ["healthCheck"]);
    assert.deepEqual(fails({ healthCheck: "/healthz" }), ["healthCheck"]);
  });
});

describe("duration and previous deployment outputs", () => {
  const base: Deployment = deploymentFixture({
    id: "d3",
    status: "available",
    deployNumber: 3,
    createdAt: "2025-03-01T12:00:00.000+02:00",
    updatedAt: "2025-03-01T10:01:30.250Z",
  });

  it("measures created_at to updated_at of a finished deployment, across zone offsets", () => {
    assert.equal(durationSeconds(base), 90.3);
    assert.equal(durationSeconds({ ...base, status: "failed" }), 90.3);
  });

  it("is null while in progress, without updated_at, or when the times run backwards", () => {
    assert.equal(durationSeconds({ ...base, status: "waiting" }), null);
    assert.equal(durationSeconds({ ...base, updatedAt: null }), null);
    assert.equal(durationSeconds({ ...base, updatedAt: "2025-03-01T09:00:00.000Z" }), null);
  });

  it("names the newest available deployment below this one as the previous one", () => {
    const list: Deployment[] = [
      { ...base, id: "d4", deployNumber: 4 },
      base,
      { ...base, id: "d2", deployNumber: 2, status: "failed" },
      { ...base, id: "d1", deployNumber: 1 },
    ];
    assert.equal(previousDeployment(list, 3)?.id, "d1", "a failed deployment is skipped");
    assert.equal(previousDeployment(list, 1), undefined);
    const outs = toOutputs({ applicationId: APP }, base, { list });
    assert.equal(outs.previousDeploymentId, "d1");
    assert.equal(outs.previousDeployNumber, 1);
    assert.equal(outs.durationSeconds, 90.3);
    assert.equal(outs.healthy, null);
    assert.equal(toOutputs({ applicationId: APP }, base).previousDeploymentId, null);
  });
});
