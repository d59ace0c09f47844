import * as path from "node:path";

/** The three things compared: this package, the engine's floor, and the hand-rolled curl. */
export type VariantName = "ours" | "floor" | "curl";

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
  },
  {
    name: "floor",
    program: path.join(programs, "noop"),
    resourceType: "pulumi-nodejs:dynamic/bench:Noop",
    needsKey: false,
    postsPerResource: 0,
  },
  {
    name: "curl",
    program: path.join(programs, "curl"),
    resourceType: "command:local:Command",
    needsKey: true,
    postsPerResource: 1,
  },
];

/** The variant called `name`. */
export function variant(name: VariantName): Variant {
  const found = VARIANTS.find((v) => v.name === name);
  if (found === undefined) throw new Error(`no benchmark variant ${name}`);
  return found;
}
