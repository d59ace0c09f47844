import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { RunningEmulator, SEED_API_APP_ID, SEED_PROJECT_KEY } from "../../emulator";
import { pulumiEnv, repoRoot } from "../../toolchain/env";
import { PulumiRun, runPulumi } from "../../toolchain/run-pulumi";
import { countRequests, startTestEmulator } from "../helpers/nodion";
import { packageTarball } from "../helpers/package-tarball";
import { StateResource } from "../helpers/pulumi-stack";

const exec = promisify(execFile);
const rootPackage = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  readonly devDependencies: Readonly<Record<string, string>>;
};

/** A newcomer's program: plain JavaScript, the package installed from its tarball. */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { NodionDeployment } = require("pulumi-nodion");

const config = new pulumi.Config();
const app = new NodionDeployment("app", {
  applicationId: config.require("applicationId"),
  triggers: [config.require("release")],
});

exports.deployNumber = app.deployNumber;
exports.status = app.status;
`;

/** A TypeScript user's view of the package, with the Pulumi template's compiler settings. */
const TYPES_CHECK = `import * as pulumi from "@pulumi/pulumi";
import { NodionDeployment, NodionDeploymentArgs } from "pulumi-nodion";
import { NodionClient } from "pulumi-nodion/client";

const args: NodionDeploymentArgs = { applicationId: "app", triggers: ["v1"], wait: "available" };
const deployment = new NodionDeployment("app", args);
export const deployNumber: pulumi.Output<number> = deployment.deployNumber;
export const client = new NodionClient({ apiKey: "key" });
// @ts-expect-error the declarations are precise: wait is "available" or "none"
export const wrong: NodionDeploymentArgs = { applicationId: "app", wait: "forever" };
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    noEmit: true,
  },
  files: ["types-check.ts"],
};

/** Every installed copy of `name` under `dir`'s node_modules folders, nested ones included. */
function installedCopies(dir: string, name: string): string[] {
  const found: string[] = [];
  const visit = (modules: string): void => {
    if (!fs.existsSync(modules)) return;
    if (fs.existsSync(path.join(modules, name, "package.json")))
      found.push(path.join(modules, name));
    for (const entry of fs.readdirSync(modules)) {
      const packages = entry.startsWith("@")
        ? fs.readdirSync(path.join(modules, entry)).map((p) => path.join(modules, entry, p))
        : [path.join(modules, entry)];
      for (const pkg of packages) visit(path.join(pkg, "node_modules"));
    }
  };
  visit(path.join(dir, "node_modules"));
  return found;
}

describe("a stranger's install: npm pack, npm install, pulumi up outside the repository", () => {
  let tmp: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let emulator: RunningEmulator;

  /** Runs the CLI on the stack `dev` (named every time: moving the project forgets the selection). */
  const pulumi = async (args: readonly string[], input?: string): Promise<PulumiRun> => {
    const run = await runPulumi([...args, "--stack", "dev"], { cwd: project, env, input });
    assert.equal(run.code, 0, `pulumi ${args.join(" ")}:\n${run.output}`);
    return run;
  };

  /** The NodionDeployment in the exported state. */
  const deploymentResource = async (): Promise<StateResource> => {
    const state = JSON.parse((await pulumi(["stack", "export"])).stdout) as {
      deployment: { resources: StateResource[] };
    };
    const found = state.deployment.resources.find(
      (r) => r.type === "pulumi-nodejs:dynamic/nodion:Deployment",
    );
    assert.ok(found, "the state holds the deployment");
    return found;
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-stranger-"));
    const tarball = await packageTarball(tmp);
    project = path.join(tmp, "project");
    fs.mkdirSync(project);
    const manifest = {
      name: "stranger",
      private: true,
      main: "index.js",
      dependencies: {
        "@pulumi/pulumi": rootPackage.devDependencies["@pulumi/pulumi"],
        "pulumi-nodion": `file:${tarball}`,
      },
      devDependencies: { "@types/node": rootPackage.devDependencies["@types/node"] },
    };
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: stranger\nruntime: nodejs\n");
    fs.writeFileSync(path.join(project, "index.js"), PROGRAM);
    fs.writeFileSync(path.join(project, "types-check.ts"), TYPES_CHECK);
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    await exec(
      "npm",
      ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"],
      { cwd: project },
    );

    emulator = await startTestEmulator();
    env = pulumiEnv({ backendDir: path.join(tmp, "state") });
    await pulumi(["stack", "init"]);
    await pulumi(["config", "set", "applicationId", SEED_API_APP_ID]);
    await pulumi(["config", "set", "release", "v1"]);
    await pulumi(["config", "set", "nodion:baseUrl", emulator.url]);
    await pulumi(["config", "set", "--secret", "nodion:apiKey"], SEED_PROJECT_KEY);
  });

  after(async () => {
    await emulator?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("runs pulumi up with a plain JavaScript program that requires the package", async () => {
    await pulumi(["up", "--yes", "--skip-preview"]);
    const out = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as Record<
      string,
      unknown
    >;
    assert.equal(out.deployNumber, 1);
    assert.equal(out.status, "available");
    assert.equal(await countRequests(emulator, "POST"), 1);
  });

  it("stores the provider in state as a short require of the installed package", async () => {
    const provider = (await deploymentResource()).inputs?.__provider;
    assert.equal(typeof provider, "string", "the resource has a serialized provider");
    const size = Buffer.byteLength(String(provider));
    console.log(`      (serialized provider: ${size} bytes)`);
    assert.match(String(provider), /require\("pulumi-nodion\/provider\/handlers"\)/);
    assert.ok(size < 1024, `a require, not the provider's code (${size} bytes)`);
  });

  it("installs exactly one @pulumi/pulumi, shared through the peer dependency", () => {
    assert.deepEqual(installedCopies(project, "@pulumi/pulumi"), [
      path.join(project, "node_modules", "@pulumi", "pulumi"),
    ]);
  });

  it("type-checks a TypeScript program against the package's declarations", async () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    await exec(process.execPath, [tsc, "-p", project]).catch((err: { stdout?: string }) => {
      assert.fail(`tsc found errors:\n${err.stdout ?? String(err)}`);
    });
  });

  it("still deploys from a folder whose path contains the package's name", async () => {
    // @pulumi/pulumi up to 3.248 found an installed package's package.json by the first
    // occurrence of the package's name in the module's path: under a folder such as
    // `pulumi-nodion-main` (a GitHub zip of this repository) that missed, and the provider was
    // stored as `require("pulumi-nodion/dist/provider/handlers.js")`, which the package's
    // "exports" therefore still allows (stacks written then keep loading). The current SDK
    // resolves the package properly and stores the short require even there.
    const moved = path.join(tmp, "pulumi-nodion-main", "project");
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(project, moved);
    project = moved;
    await pulumi(["config", "set", "release", "v2"]);
    await emulator.control.clearRequests();
    await pulumi(["up", "--yes", "--skip-preview"]);
    assert.equal(await countRequests(emulator, "POST"), 1);
    const provider = (await deploymentResource()).inputs?.__provider;
    assert.match(String(provider), /require\("pulumi-nodion\/provider\/handlers"\)/);
  });
});
