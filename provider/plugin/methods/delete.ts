/** `Delete`: what the core does when a resource leaves the program (the deployment stays). */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { DeploymentOutputs } from "../../args";
import type { PluginContext } from "../plugin-context";
import { coreId } from "../resource-ids";
import type { Handler } from "../unary";
import { fromStruct, revealMap } from "../wire";

export function deleteResource(ctx: PluginContext): Handler<proto.DeleteRequest, Empty> {
  return async (req) => {
    const props = revealMap(fromStruct(req.getProperties())).plain;
    await ctx.core.delete(coreId(req.getId()), props as unknown as DeploymentOutputs);
    return new Empty();
  };
}
