import * as assert from "node:assert/strict";
import { describePlan, isKill, planRound, SOAK_FAULTS } from "../../soak/plan";
import { Dice, seededRandom } from "../../soak/random";

function rounds(seed: number, count: number): string[] {
  const dice = new Dice(seededRandom(seed));
  return Array.from({ length: count }, () => describePlan(planRound(dice)));
}

describe("the soak's rounds", () => {
  it("are the same for the same seed, and differ between seeds", () => {
    assert.deepEqual(rounds(42, 50), rounds(42, 50));
    assert.notDeepEqual(rounds(42, 50), rounds(43, 50));
  });

  it("never ask for the recorded sha again under a kill (a documented second deployment)", () => {
    const dice = new Dice(seededRandom(7));
    for (let i = 0; i < 2000; i++) {
      const plan = planRound(dice);
      if (isKill(plan.operation)) assert.notEqual(plan.api, "same-sha-again");
    }
  });

  it("keep late commits and slow answers inside the observation window (under 2x the timeout)", () => {
    for (const timeoutMs of [1000, 1500, 2500]) {
      for (const fault of SOAK_FAULTS) {
        for (const spec of fault.specs(timeoutMs)) {
          const late = Math.max(spec.actAfterMs ?? 0, spec.latencyMs ?? 0);
          assert.ok(late < 2 * timeoutMs, `${fault.name}: ${late} ms`);
        }
      }
    }
  });

  it("draw every fault and every operation over a few hundred rounds", () => {
    const dice = new Dice(seededRandom(1));
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const plan = planRound(dice);
      seen.add(plan.fault.name).add(plan.operation);
    }
    for (const f of SOAK_FAULTS) assert.ok(seen.has(f.name), f.name);
    for (const op of ["up", "refresh", "preview", "up-sigint", "up-sigint-twice", "up-sigkill"]) {
      assert.ok(seen.has(op), op);
    }
  });
});
