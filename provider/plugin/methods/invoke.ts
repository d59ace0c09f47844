/**
 * `Invoke`: the package's functions, `nodion:index:getDeployments` and
 * `nodion:index:getApplication`, with this provider's settings (an explicit provider's included).
 * They read only, so the engine calls them in a preview as in an update.
 */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ProviderError } from "../../expected-error";
import type { PluginContext } from "../plugin-context";
import { GET_APPLICATION_TOKEN, GET_DEPLOYMENTS_TOKEN } from "../schema-types";
import type { Handler } from "../unary";
import { fromStruct, reveal, toStruct, type PropertyMap } from "../wire";

export function invoke(ctx: PluginContext): Handler<proto.InvokeRequest, proto.InvokeResponse> {
  return async (req) => {
    const tok = req.getTok();
    const args = reveal(fromStruct(req.getArgs())) as PropertyMap;
    let result: object;
    if (tok === GET_DEPLOYMENTS_TOKEN) result = await ctx.core.getDeployments(args);
    else if (tok === GET_APPLICATION_TOKEN) result = await ctx.core.getApplication(args);
    else {
      throw new ProviderError(
        `unknown function ${JSON.stringify(tok)}: the nodion provider offers ${GET_DEPLOYMENTS_TOKEN} and ${GET_APPLICATION_TOKEN}`,
      );
    }
    const res = new proto.InvokeResponse();
    res.setReturn(toStruct(result));
    return res;
  };
}
