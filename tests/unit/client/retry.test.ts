import assert from "node:assert/strict";
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  nextDelayMs,
  parseRetryAfter,
  resolveRetryPolicy,
} from "../../../client";

describe("retry policy", () => {
  it("defaults to 5 attempts, 250 ms base, 8 s cap, 60 s deadline and the transient statuses", () => {
    const policy = resolveRetryPolicy();
    assert.equal(policy.maxAttempts, 5);
    assert.equal(policy.baseDelayMs, 250);
    assert.equal(policy.maxDelayMs, 8000);
    assert.equal(policy.deadlineMs, 60_000);
    assert.deepEqual(policy.retryStatuses, [408, 429, 500, 502, 503, 504]);
    assert.deepEqual(resolveRetryPolicy(), DEFAULT_RETRY_POLICY);
  });

  it("merges partial overrides over the defaults", () => {
    const policy = resolveRetryPolicy({ maxAttempts: 2, retryStatuses: [503] });
    assert.equal(policy.maxAttempts, 2);
    assert.equal(policy.baseDelayMs, 250);
    assert.deepEqual(policy.retryStatuses, [503]);
  });

  it("rejects nonsensical numbers", () => {
    assert.throws(() => resolveRetryPolicy({ maxAttempts: 0 }), RangeError);
    assert.throws(() => resolveRetryPolicy({ baseDelayMs: -1 }), RangeError);
    assert.throws(() => resolveRetryPolicy({ deadlineMs: Number.NaN }), RangeError);
  });
});

describe("backoff", () => {
  const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });

  it("doubles per failed attempt and stops at the cap", () => {
    const top = (n: number): number => backoffDelayMs(policy, n, () => 1);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(top), [100, 200, 400, 800, 1000, 1000]);
  });

  it("uses equal jitter by default: between half and all of the exponential delay", () => {
    assert.equal(
      backoffDelayMs(policy, 3, () => 0),
      200,
    );
    assert.equal(
      backoffDelayMs(policy, 3, () => 0.5),
      300,
    );
  });

  it("uses full jitter when asked: between zero and the exponential delay", () => {
    const full = resolveRetryPolicy({ ...policy, jitter: "full" });
    assert.equal(
      backoffDelayMs(full, 3, () => 0),
      0,
    );
    assert.equal(
      backoffDelayMs(full, 3, () => 0.25),
      100,
    );
  });

  it("lets a longer Retry-After win over the backoff", () => {
    assert.equal(
      nextDelayMs(policy, 1, () => 1, 5000),
      5000,
    );
    assert.equal(
      nextDelayMs(policy, 1, () => 1, 10),
      100,
    );
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-03-01T12:00:00.000Z");

  it("reads delta-seconds", () => {
    assert.equal(parseRetryAfter("7", now), 7000);
    assert.equal(parseRetryAfter(" 0 ", now), 0);
  });

  it("reads an HTTP date relative to now", () => {
    assert.equal(parseRetryAfter("Sat, 01 Mar 2025 12:00:30 GMT", now), 30_000);
  });

  it("clamps a date in the past to zero", () => {
    assert.equal(parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", now), 0);
  });

  it("ignores missing and unparsable values", () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter("-5", now), undefined);
  });
});
