/**
 * The detailed diff the plugin reports: each changed input with its kind (add, delete, update,
 * and the replacing forms), so `pulumi preview --diff` names `triggers` and the engine can apply
 * `replaceOnChanges` to any input. The decision itself (update, replace, nothing) stays the
 * core's `diff`.
 *
 * @packageDocumentation
 */
import { PropertyDiff } from "@pulumi/pulumi/proto/provider_pb";
import type { DeploymentInputs, DeploymentOutputs } from "../args";
import { changedInputs } from "../deployment-provider";
import { recordedWatch } from "../late-commits";

/** One changed property and how it changes. */
export interface PropertyChange {
  readonly property: string;
  readonly kind: PropertyDiff.Kind;
  /** Whether the change is between inputs (false for bookkeeping such as a pending trigger). */
  readonly inputDiff: boolean;
}

/** The top-level property an `ignoreChanges` path names (`triggers[0]` names `triggers`). */
export function topLevelProperty(path: string): string {
  return path.split(/[.[]/, 1)[0] ?? path;
}

/**
 * `news` with each ignored property set back to its recorded value, as the engine documents
 * `ignoreChanges`: the resource keeps what it had for those properties.
 */
export function withIgnoredKept(
  olds: DeploymentOutputs,
  news: DeploymentInputs,
  ignoreChanges: readonly string[],
): DeploymentInputs {
  const kept: Record<string, unknown> = { ...news };
  for (const property of new Set(ignoreChanges.map(topLevelProperty))) {
    const old = (olds as unknown as Record<string, unknown>)[property];
    if (old === undefined || old === null) delete kept[property];
    else kept[property] = old;
  }
  return kept as unknown as DeploymentInputs;
}

/** Every changed property of `news` against the recorded `olds`, with its kind. */
export function detailedDiff(olds: DeploymentOutputs, news: DeploymentInputs): PropertyChange[] {
  const { replaces, changes } = changedInputs(olds, news);
  const oldMap = olds as unknown as Record<string, unknown>;
  const newMap = news as unknown as Record<string, unknown>;
  const absent = (v: unknown) => v === undefined || v === null;
  const kindOf = (property: string, replace: boolean): PropertyDiff.Kind => {
    const K = PropertyDiff.Kind;
    if (absent(oldMap[property])) return replace ? K.ADD_REPLACE : K.ADD;
    if (absent(newMap[property])) return replace ? K.DELETE_REPLACE : K.DELETE;
    return replace ? K.UPDATE_REPLACE : K.UPDATE;
  };
  const diff: PropertyChange[] = [
    ...replaces.map((property) => ({ property, kind: kindOf(property, true), inputDiff: true })),
    ...changes.map((property) => ({ property, kind: kindOf(property, false), inputDiff: true })),
  ];
  // A pending trigger is resolved (and cleared) by the update the core asks for.
  if (!absent(olds.pendingTrigger)) {
    diff.push({ property: "pendingTrigger", kind: PropertyDiff.Kind.DELETE, inputDiff: false });
  }
  // So is the watch for a late commit (each `up` looks until it can no longer land).
  if (recordedWatch(olds).unclearPost !== null) {
    diff.push({ property: "unclearPost", kind: PropertyDiff.Kind.UPDATE, inputDiff: false });
  }
  return diff;
}
