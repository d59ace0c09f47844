import assert from "node:assert/strict";
import { createRedactor, REDACTED, redactSecrets } from "../../../client";
import { API_KEY } from "./fixtures";

describe("redactSecrets", () => {
  it("removes a Bearer credential whatever the token", () => {
    const text = 'sent "Authorization: Bearer abc.def-123" and bearer xyz';
    const result = redactSecrets(text);
    assert.equal(result, `sent "Authorization: Bearer ${REDACTED}" and Bearer ${REDACTED}`);
  });

  it("removes every literal occurrence of a secret, also URL-encoded", () => {
    const key = "k+/=ey";
    const text = `key ${key} in url ?token=${encodeURIComponent(key)} twice ${key}`;
    const result = redactSecrets(text, [key]);
    assert.ok(!result.includes(key));
    assert.ok(!result.includes(encodeURIComponent(key)));
    assert.equal(result.split(REDACTED).length - 1, 3);
  });

  it("leaves text without secrets unchanged", () => {
    assert.equal(redactSecrets("403 Forbidden", [API_KEY]), "403 Forbidden");
  });

  it("builds a reusable redactor for a fixed list of secrets", () => {
    const redact = createRedactor([API_KEY, "second-secret"]);
    assert.equal(redact(`token ${API_KEY} and second-secret`), `token ${REDACTED} and ${REDACTED}`);
  });
});
