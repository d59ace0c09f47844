import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../../toolchain/env";

// The build script is plain CommonJS (it runs before anything is installed); load it as such.
const load = createRequire(__filename);
const { BUILD_DEPENDENCIES, missingBuildDependencies } = load(
  "../../../toolchain/build-package.cjs",
) as {
  readonly BUILD_DEPENDENCIES: readonly string[];
  readonly missingBuildDependencies: (root: string) => string[];
};

const readJson = <T>(file: string): T =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, file), "utf8")) as T;

interface Manifest {
  readonly license: string;
  readonly files: readonly string[];
  readonly scripts: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

describe("missingBuildDependencies", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nodion-build-deps-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const install = (dir: string, name: string): void => {
    fs.mkdirSync(path.join(dir, "node_modules", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", name, "package.json"), "{}");
  };

  it("lists every build dependency of a fresh clone", () => {
    assert.deepEqual(missingBuildDependencies(tmp), [...BUILD_DEPENDENCIES]);
  });

  it("lists nothing once all are installed in the package's own node_modules", () => {
    for (const name of BUILD_DEPENDENCIES) install(tmp, name);
    assert.deepEqual(missingBuildDependencies(tmp), []);
  });

  it("does not count a copy in a parent folder's node_modules (any version could be there)", () => {
    const clone = path.join(tmp, "clone");
    fs.mkdirSync(clone);
    for (const name of BUILD_DEPENDENCIES) install(tmp, name);
    install(clone, "typescript");
    assert.deepEqual(
      missingBuildDependencies(clone),
      BUILD_DEPENDENCIES.filter((name) => name !== "typescript"),
    );
  });

  it("names only packages the lockfile pins, so npm ci installs each of them", () => {
    const manifest = readJson<Manifest>("package.json");
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const name of BUILD_DEPENDENCIES) assert.ok(name in declared, name);
  });
});

describe("the package's build and contents", () => {
  const manifest = readJson<Manifest>("package.json");

  it("builds dist/ on prepare, installing build dependencies a fresh clone lacks", () => {
    assert.equal(manifest.scripts.prepare, "node toolchain/build-package.cjs --install-build-deps");
    assert.equal(manifest.scripts.build, "node toolchain/build-package.cjs");
  });

  it("emits no source maps, which would point at .ts files the package does not ship", () => {
    const build = readJson<{ compilerOptions: Record<string, unknown> }>("tsconfig.build.json");
    assert.equal(build.compilerOptions.sourceMap, false);
    assert.equal(build.compilerOptions.declarationMap, false);
    assert.ok(!manifest.files.some((entry) => /\.ts$|^(sdk|provider|emulator)\b/.test(entry)));
  });

  it("ships the full license text of the license it names", () => {
    assert.equal(manifest.license, "Apache-2.0");
    assert.ok(manifest.files.includes("LICENSE"));
    const text = fs.readFileSync(path.join(repoRoot, "LICENSE"), "utf8");
    assert.match(text, /^Copyright \d{4} the pulumi-nodion authors$/m);
    assert.match(text, /Apache License\s+Version 2\.0, January 2004/);
    assert.match(text, /END OF TERMS AND CONDITIONS/);
  });
});
