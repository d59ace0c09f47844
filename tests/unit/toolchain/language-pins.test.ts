import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, toolchainPins } from "../../../toolchain/env";

const read = (file: string): string => fs.readFileSync(path.join(repoRoot, file), "utf8");

/** The version a wrapper module's go.mod requires of `module`. */
function required(goMod: string, module: string): string | undefined {
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(read(goMod))?.[1];
}

describe("toolchain pins of the plugin's language hosts and SDK generator", () => {
  const pins = toolchainPins();

  it("builds each host from the module version versions.env names", () => {
    assert.equal(
      required("toolchain/yamlhost/go.mod", "github.com/pulumi/pulumi-yaml"),
      pins.YAML_HOST_VERSION,
    );
    assert.equal(
      required("toolchain/pythonhost/go.mod", "github.com/pulumi/pulumi/sdk/v3"),
      pins.PYTHON_HOST_SDK_VERSION,
    );
    assert.equal(
      required("toolchain/gohost/go.mod", "github.com/pulumi/pulumi/sdk/v3"),
      pins.GO_HOST_SDK_VERSION,
    );
  });

  it("builds the SDK generator from the CLI's pkg/v3, so both share Go's build cache", () => {
    assert.equal(
      required("toolchain/codegen/go.mod", "github.com/pulumi/pulumi/pkg/v3"),
      pins.PULUMI_VERSION,
    );
    assert.equal(
      required("toolchain/cli/go.mod", "github.com/pulumi/pulumi/pkg/v3"),
      pins.PULUMI_VERSION,
    );
    // The generated Go SDK's go.mod requires the sdk/v3 the generator came from.
    assert.match(
      read("toolchain/codegen/main.go"),
      new RegExp(`var goSDKVersion = "${pins.PULUMI_VERSION}"`),
    );
  });

  it("pins the Python venv's pulumi to PYTHON_PULUMI_VERSION, every package exactly", () => {
    const lines = read("toolchain/pythonhost/requirements.txt")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    assert.ok(lines.includes(`pulumi==${pins.PYTHON_PULUMI_VERSION}`), lines.join("\n"));
    for (const line of lines) assert.match(line, /^[A-Za-z0-9_.-]+==\S+$/);
  });

  it("keys the toolchain cache on every new build input", () => {
    const keyInputs =
      /key_inputs\(\) \{([\s\S]*?)\n\}/.exec(read("toolchain/install.sh"))?.[1] ?? "";
    for (const input of [
      '"$here"/{yamlhost,pythonhost,gohost,codegen}/go.sum',
      '"$here/pythonhost/requirements.txt"',
      '"$here"/codegen/*.go',
    ]) {
      assert.ok(keyInputs.includes(input), `key_inputs misses ${input}`);
    }
  });
});
