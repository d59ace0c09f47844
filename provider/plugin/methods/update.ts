/**
 * `Update`: one deployment per trigger change (none in a preview); a failed deployment is recorded
 * in the error, as for `Create`.
 */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { DeploymentInputs, DeploymentOutputs } from "../../args";
import type { PluginContext } from "../plugin-context";
import { coreId } from "../resource-ids";
import type { Handler, Recorder } from "../unary";
import { concealKeys, fromStruct, revealMap, toStruct } from "../wire";
import { limitsOf } from "./limits";
import { previewOutputs } from "./preview-outputs";

export function update(ctx: PluginContext): Handler<proto.UpdateRequest, proto.UpdateResponse> {
  return async (req) => {
    const olds = revealMap(fromStruct(req.getOlds()));
    const news = revealMap(fromStruct(req.getNews()));
    const res = new proto.UpdateResponse();
    if (req.getPreview()) {
      const outs = previewOutputs(
        news.plain as unknown as DeploymentInputs,
        olds.plain as unknown as DeploymentOutputs,
      );
      res.setProperties(toStruct(concealKeys(outs, news.secretKeys)));
      return res;
    }
    const result = await ctx.core.update(
      coreId(req.getId()),
      olds.plain as unknown as DeploymentOutputs,
      news.plain as unknown as DeploymentInputs,
      limitsOf(req.getTimeout()),
    );
    res.setProperties(toStruct(concealKeys(result.outs ?? {}, news.secretKeys)));
    return res;
  };
}

/** A failed update's deployment under the resource's id, its secret inputs wrapped again. */
export const updateRecorder: Recorder<proto.UpdateRequest> = (req) => (failure) => ({
  id: req.getId(),
  properties: concealKeys(failure.properties, revealMap(fromStruct(req.getNews())).secretKeys),
});
