/**
 * `Create`: one deployment for the new resource (none in a preview); a deployment that fails,
 * times out or stays pending is recorded in the error, so the engine keeps it in state.
 */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { DeploymentInputs } from "../../args";
import type { PluginContext } from "../plugin-context";
import { pluginId } from "../resource-ids";
import type { Handler, Recorder } from "../unary";
import { concealKeys, fromStruct, revealMap, toStruct } from "../wire";
import { limitsOf } from "./limits";
import { previewOutputs } from "./preview-outputs";

export function create(ctx: PluginContext): Handler<proto.CreateRequest, proto.CreateResponse> {
  return async (req) => {
    const news = revealMap(fromStruct(req.getProperties()));
    const inputs = news.plain as unknown as DeploymentInputs;
    const res = new proto.CreateResponse();
    if (req.getPreview()) {
      // The engine asks what a create would give: never a deployment in a preview.
      res.setProperties(toStruct(concealKeys(previewOutputs(inputs), news.secretKeys)));
      return res;
    }
    const result = await ctx.core.create(inputs, limitsOf(req.getTimeout()));
    res.setId(pluginId(inputs.applicationId, result.id));
    res.setProperties(toStruct(concealKeys(result.outs ?? {}, news.secretKeys)));
    return res;
  };
}

/** A failed create's deployment under the plugin's id, its secret inputs wrapped again. */
export const createRecorder: Recorder<proto.CreateRequest> = (req) => (failure) => {
  const news = revealMap(fromStruct(req.getProperties()));
  return {
    id: pluginId(String(news.plain.applicationId), failure.id),
    properties: concealKeys(failure.properties, news.secretKeys),
  };
};
