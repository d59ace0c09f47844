import * as assert from "node:assert/strict";
import { NotFoundError } from "../../../client";
import {
  asProviderError,
  ERROR_STACKS_ENV,
  errorText,
  withErrorText,
} from "../../../provider/error-text";
import { ProviderError } from "../../../provider/expected-error";
import { RecordedFailure } from "../../../provider/failure";
import { grpcError } from "../../../provider/plugin/grpc-errors";
import type { DeploymentOutputs } from "../../../provider/args";

const notFound = () =>
  new NotFoundError({
    message:
      "Nodion API: list deployments for application a: 404 Not Found (GET /v1/applications/a/deployments). Check the application ID",
    operation: "list deployments",
    method: "GET",
    path: "/v1/applications/a/deployments",
    status: 404,
    retryable: false,
    outcomeUnknown: false,
  });

/** What each face shows for `err`: the dynamic host's two ways of printing, and the plugin's. */
async function shown(err: unknown): Promise<string[]> {
  const failing = withErrorText(async () => {
    throw err;
  });
  const caught = await failing().catch((e: unknown) => e);
  assert.ok(ProviderError.isInstance(caught));
  return [caught.message, `${String(caught)}: ${caught.stack}`, grpcError(err).details ?? ""];
}

describe("error-text: one wording of failures for both faces", () => {
  it("shows an API error as its one line, without its class name or stack", async () => {
    const err = notFound();
    assert.match(String(err.stack), /\n\s+at /, "the SDK error has a stack");
    const [message, hostLine, plugin] = await shown(err);
    assert.equal(message, err.message);
    assert.equal(plugin, err.message);
    assert.equal(hostLine, `nodion: ${err.message}`);
    for (const text of [message, hostLine, plugin]) {
      assert.doesNotMatch(text, /NotFoundError|\n/);
    }
  });

  it("shows a bug as its message made one line, never its stack", async () => {
    const bug = new TypeError("cannot read x\nof undefined");
    for (const text of await shown(bug)) {
      assert.doesNotMatch(text, /\n|TypeError|\bat /);
      assert.match(text, /cannot read x of undefined$/);
    }
    assert.equal(errorText("a string"), "a string");
    assert.equal(errorText(new Error("")), "the nodion provider failed without a message");
  });

  it("keeps a recorded failure as it is, summary and detail lines", () => {
    const failure = new RecordedFailure("deploy #1 ended", "id", {} as DeploymentOutputs, ["log"]);
    assert.equal(asProviderError(failure), failure);
    assert.equal(grpcError(failure).details, "deploy #1 ended\nlog");
  });

  it(`prints the stack only when ${ERROR_STACKS_ENV}=1`, () => {
    const stacks: string[] = [];
    asProviderError(notFound(), (s) => stacks.push(s), {});
    assert.equal(stacks.length, 0);
    asProviderError(notFound(), (s) => stacks.push(s), { [ERROR_STACKS_ENV]: "1" });
    assert.equal(stacks.length, 1);
    assert.match(stacks[0] ?? "", /^NotFoundError: Nodion API: .*\n\s+at /);
  });
});
