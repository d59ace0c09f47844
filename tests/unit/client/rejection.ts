import assert from "node:assert/strict";
import { NodionError } from "../../../client";

/** Runs `promise` and returns the NodionError it rejects with; fails the test otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<NodionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(NodionError.isInstance(error), "expected a NodionError");
    return error;
  }
  assert.fail("expected the call to fail");
}
