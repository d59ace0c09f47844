/**
 * `Read`: a refresh (the deployment as the API has it; no id once it is proven gone) or, with no
 * properties, `pulumi import` of `<applicationId>/<deploymentId>`.
 */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { DeploymentOutputs } from "../../args";
import type { PluginContext } from "../plugin-context";
import { coreId, parseImportId, pluginId } from "../resource-ids";
import type { Handler } from "../unary";
import { concealKeys, fromStruct, revealMap, toStruct } from "../wire";

export function read(ctx: PluginContext): Handler<proto.ReadRequest, proto.ReadResponse> {
  return async (req) => {
    const id = req.getId();
    const props = revealMap(fromStruct(req.getProperties()));
    const res = new proto.ReadResponse();
    if (Object.keys(props.plain).length === 0) {
      // `pulumi import` (or a resource `get`): only the id is known.
      const { applicationId, deploymentId } = parseImportId(id);
      const found = await ctx.core.importDeployment(applicationId, deploymentId);
      res.setId(pluginId(applicationId, found.id));
      res.setProperties(toStruct(found.props));
      res.setInputs(toStruct(found.inputs));
      return res;
    }
    const inputs = revealMap(fromStruct(req.getInputs()));
    const secretKeys = new Set([...props.secretKeys, ...inputs.secretKeys]);
    const outcome = await ctx.core.read(coreId(id), props.plain as unknown as DeploymentOutputs);
    // No id: the deployment is proven gone, and the engine drops the resource.
    if (outcome.id === undefined) return res;
    res.setId(id);
    res.setProperties(toStruct(concealKeys(outcome.props ?? {}, secretKeys)));
    res.setInputs(toStruct(concealKeys(outcome.inputs ?? {}, secretKeys)));
    return res;
  };
}
