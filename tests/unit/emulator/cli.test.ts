import { strict as assert } from "node:assert";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { readStateFile, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../../emulator";
import { parseCliArgs } from "../../../emulator/cli-args";

const ROOT = path.resolve(__dirname, "../../..");
const LISTENING = /^Nodion emulator listening on (http:\/\/127\.0\.0\.1:(\d+)\/v1)$/;

function spawnCli(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", ...args],
    {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
}

/** Resolves with the stdout lines as they come; the first is awaited by `firstLine`. */
function lines(child: ChildProcessWithoutNullStreams): {
  firstLine: Promise<string>;
  all: string[];
} {
  const all: string[] = [];
  const reader = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    reader.on("line", (line) => {
      all.push(line);
      if (all.length === 1) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code} before printing`)));
  });
  return { firstLine, all };
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("emulator CLI", function () {
  this.timeout(30_000);

  it("prints its URL first, logs requests, and stops on SIGTERM writing the state file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-cli-"));
    const stateFile = path.join(dir, "state.json");
    const child = spawnCli([
      "--port",
      "0",
      "--state-file",
      stateFile,
      "--build-ms",
      "3000",
      "--rate-limit",
      "20",
    ]);
    try {
      const out = lines(child);
      const match = LISTENING.exec(await out.firstLine);
      assert.ok(match, `unexpected first line: ${out.all[0]}`);
      const res = await fetch(`${match[1]}/applications/${SEED_API_APP_ID}/deployments`, {
        method: "POST",
        headers: { authorization: `Bearer ${SEED_PROJECT_KEY}` },
      });
      assert.equal(res.status, 200);
      const exited = exitCode(child);
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
      assert.ok(
        out.all.some((l) => /^POST \/v1\/applications\/\S+\/deployments 200 \d+ms$/.test(l)),
        out.all.join("\n"),
      );
      assert.ok(!out.all.join("\n").includes(SEED_PROJECT_KEY));
      assert.equal(readStateFile(stateFile)?.state.deployments.length, 1);
    } finally {
      child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 with usage on an unknown option", async () => {
    const child = spawnCli(["--bogus"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    assert.equal(await exitCode(child), 2);
    assert.match(stderr, /Usage: nodion-emulator/);
  });

  describe("parseCliArgs", () => {
    it("maps flags to emulator options", () => {
      assert.deepEqual(
        parseCliArgs(["--port", "8080", "--build-ms", "500", "--rate-limit", "20", "--quiet"]),
        {
          kind: "start",
          quiet: true,
          options: {
            port: 8080,
            host: undefined,
            stateFile: undefined,
            seed: undefined,
            buildMs: 500,
            rateLimit: { requestsPerSecond: 20, burst: 20 },
          },
        },
      );
    });

    it("rejects a non-integer number", () => {
      assert.throws(() => parseCliArgs(["--build-ms", "soon"]), /--build-ms must be an integer/);
    });

    it("reads and validates a --seed file", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-seed-"));
      try {
        const file = path.join(dir, "seed.json");
        fs.writeFileSync(file, JSON.stringify({ projects: [], keys: [], apps: [{}] }));
        assert.throws(
          () => parseCliArgs(["--seed", file]),
          /--seed .*seed\.apps\[0\]\.id must be a string/,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
