import * as path from "node:path";

/**
 * The four things compared: this package's dynamic resource, the engine's floor, the hand-rolled
 * curl, and this package's provider plugin.
 */
export type VariantName = "ours" | "floor" | "curl" | "plugin";

/** One benchmark program and how to recognise its resources in state. */
export interface Variant {
  readonly name: VariantName;
  /** Folder holding the program's Pulumi.yaml. */
  readonly program: string;
  /** The type token of the resources the program declares (one per deployment). */
  readonly resourceType: string;
  /** Whether the program reads the API key from secret config `nodion:apiKey`. */
  readonly needsKey: boolean;
  /** POST requests one resource makes on create. */
  readonly postsPerResource: number;
  /** Whether `pulumi refresh` reads each resource from the API (so must make list calls). */
  readonly readsOnRefresh: boolean;
  /** Whether the stack needs the `nodion` provider plugin installed in its PULUMI_HOME. */
  readonly needsPlugin: boolean;
}

const programs = path.join(__dirname, "programs");

/** Every variant, in the order each repetition runs them. */
export const VARIANTS: readonly Variant[] = [
  {
    name: "ours",
    program: path.join(programs, "nodion"),
    resourceType: "pulumi-nodejs:dynamic/nodion:Deployment",
    needsKey: true,
    postsPerResource: 1,
    readsOnRefresh: true,
    needsPlugin: false,
  },
  {
    name: "floor",
    program: path.join(programs, "noop"),
    resourceType: "pulumi-nodejs:dynamic/bench:Noop",
    needsKey: false,
    postsPerResource: 0,
    readsOnRefresh: false,
    needsPlugin: false,
  },
  {
    name: "curl",
    program: path.join(programs, "curl"),
    resourceType: "command:local:Command",
    needsKey: true,
    postsPerResource: 1,
    readsOnRefresh: false,
    needsPlugin: false,
  },
  {
    name: "plugin",
    program: path.join(programs, "plugin"),
    resourceType: "nodion:index:Deployment",
    needsKey: true,
    postsPerResource: 1,
    readsOnRefresh: true,
    needsPlugin: true,
  },
];

/** The variant called `name`. */
export function variant(name: VariantName): Variant {
  const found = VARIANTS.find((v) => v.name === name);
  if (found === undefined) throw new Error(`no benchmark variant ${name}`);
  return found;
}
