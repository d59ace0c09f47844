/**
 * The dynamic provider. This module itself is the provider object: when the package is installed
 * (in node_modules), Pulumi serializes a module import as `require("pulumi-nodion/provider/handlers")`
 * rather than its code. Stack state then holds a few hundred bytes and no code or secret per
 * resource, and upgrading the package upgrades every existing resource's provider. Its exports
 * are exactly the provider's methods; the behaviour lives in `deployment-provider.ts`, and every
 * failure reads as `error-text.ts` words it (the plugin's too).
 */
import { systemClock } from "../client";
import { clientFor } from "./connection";
import { createDeploymentProvider } from "./deployment-provider";
import { DeploymentLists } from "./deployment-lists";
import { withErrorText } from "./error-text";
import { report } from "./report";

const provider = createDeploymentProvider({
  clock: systemClock,
  // Refreshes of many resources may share a list read for 5 s; polls never reuse one.
  lists: new DeploymentLists(5_000),
  connect: clientFor,
  report,
});

/** Receives stack config (`nodion:apiKey`, `nodion:baseUrl`, `nodion:projectId`). */
export const configure = withErrorText(provider.configure);
/** Validates inputs at preview time, reporting every problem at once. */
export const check = withErrorText(provider.check);
/** Application changes replace; trigger and image tag changes deploy; settings only record. */
export const diff = withErrorText(provider.diff);
/** Triggers one deployment (or adopts `adoptDeploymentId`) and, unless told not to, waits. */
export const create = withErrorText(provider.create);
/** Refresh: reads the deployment into state; forgets it only on proof that it is gone. */
export const read = withErrorText(provider.read);
/** Deploys again on a trigger change, a failed deploy or a pending trigger; else records. */
export const update = withErrorText(provider.update);
const destroy = withErrorText(provider.delete);
/** Nodion keeps deployment history, so deleting only forgets the deployment. */
export { destroy as delete };
