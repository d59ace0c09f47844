/**
 * `npm run soak`: a seeded randomized fault soak of both faces against the emulator. Prints its
 * seed, one line per round and a summary; exits non-zero on any break.
 *
 *   SOAK_SEED=1234      replay a run (default: a random seed, printed first)
 *   SOAK_SEEDS=1,2,3    run several seeds in turn (what `.ci/run` does)
 *   SOAK_ROUNDS=10      rounds per face and seed (default 10)
 *   SOAK_FACES=plugin   only these faces (default `dynamic,plugin`)
 *   SOAK_VERBOSE=1      also print what each round's operation printed (for a replay)
 */
import { Dice, seededRandom } from "./random";
import { planRound } from "./plan";
import { emptyTally, FaceSoak, type FaceName, type Tally } from "./soak";

function seedsToRun(): number[] {
  const list = process.env.SOAK_SEEDS ?? process.env.SOAK_SEED;
  if (list !== undefined && list.trim() !== "") {
    return list.split(",").map((s) => {
      const seed = Number(s.trim());
      if (!Number.isInteger(seed) || seed < 0) throw new Error(`not a seed: ${s}`);
      return seed;
    });
  }
  return [Math.floor(Math.random() * 2 ** 31)];
}

function facesToRun(): FaceName[] {
  const faces = (process.env.SOAK_FACES ?? "dynamic,plugin").split(",").map((f) => f.trim());
  for (const f of faces) {
    if (f !== "dynamic" && f !== "plugin") throw new Error(`SOAK_FACES: unknown face ${f}`);
  }
  return faces as FaceName[];
}

function summary(label: string, t: Tally): string {
  const perRound = t.rounds === 0 ? 0 : t.roundMs / t.rounds / 1000;
  return `${label}: ${t.rounds} rounds, ${t.faults} faults fired, ${t.duplicates} duplicates, ${t.lost} lost, ${t.unclearErrors} unclear errors, ${t.kills} kills, ${t.manualSteps} manual recovery steps, ${t.breaks} breaks; ${perRound.toFixed(1)} s per round`;
}

async function soakFace(seed: number, face: FaceName, rounds: number, tally: Tally) {
  // One dice per seed and face: a face's rounds replay whatever the other face did.
  const dice = new Dice(seededRandom(seed ^ (face === "plugin" ? 0x5eed : 0)));
  const soak = await FaceSoak.start(face);
  try {
    for (let n = 1; n <= rounds; n++) {
      console.log(await soak.round(n, planRound(dice), tally));
    }
    const leak = await soak.leakProblem();
    if (leak !== undefined) {
      tally.breaks++;
      console.log(`${face}: BREAK: ${leak}`);
    }
  } finally {
    await soak.close();
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.SOAK_ROUNDS ?? "10");
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("SOAK_ROUNDS: a whole number > 0");
  const faces = facesToRun();
  const total = emptyTally();
  for (const seed of seedsToRun()) {
    console.log(`soak seed ${seed} (replay: SOAK_SEED=${seed} npm run soak)`);
    for (const face of faces) {
      const tally = emptyTally();
      await soakFace(seed, face, rounds, tally);
      console.log(summary(`seed ${seed} ${face}`, tally));
      for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
    }
  }
  console.log(summary("soak", total));
  if (total.breaks > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
