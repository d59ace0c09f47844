/** What a preview shows for a create or update. */
import { OUTPUT_FIELDS, type DeploymentInputs, type DeploymentOutputs } from "../../args";
import { inputsOf, withInputs } from "../../outputs";
import { UNKNOWN } from "../../validate";
import { detailedDiff } from "../detailed-diff";
import type { PropertyMap } from "../wire";

/** Changes after which the update deploys (the core's rule), so its outputs are not known yet. */
const DEPLOYMENT_CHANGING: readonly string[] = ["triggers", "imageTag", "pendingTrigger"];

/**
 * The new inputs, the recorded outputs where the update will keep them, and unknown values where
 * a deployment will change them.
 */
export function previewOutputs(news: DeploymentInputs, olds?: DeploymentOutputs): PropertyMap {
  const deploys =
    olds === undefined ||
    detailedDiff(olds, news).some((d) => DEPLOYMENT_CHANGING.includes(d.property)) ||
    olds.status === "failed" ||
    olds.status === "expired";
  const kept = olds === undefined ? {} : withInputs(olds, news);
  const unknown = deploys ? Object.fromEntries(OUTPUT_FIELDS.map((k) => [k, UNKNOWN])) : {};
  return { ...kept, ...inputsOf(news), ...unknown };
}
