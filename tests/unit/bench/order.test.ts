import * as assert from "node:assert/strict";
import { variantOrder } from "../../bench/order";

describe("benchmark variant order", () => {
  it("runs the variants as listed, then reversed, so each has both neighbours in turn", () => {
    const listed = ["ours", "floor", "curl", "plugin"];
    assert.deepEqual(variantOrder(listed, 0), listed);
    assert.deepEqual(variantOrder(listed, 1), ["plugin", "curl", "floor", "ours"]);
    assert.deepEqual(variantOrder(listed, 2), listed);
    assert.deepEqual(
      listed,
      ["ours", "floor", "curl", "plugin"],
      "the list itself is left as it was",
    );
  });
});
