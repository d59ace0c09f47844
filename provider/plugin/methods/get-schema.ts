/** `GetSchema`: the package schema (`schema.json`). */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { PluginContext } from "../plugin-context";
import type { Handler } from "../unary";

export function getSchema(
  ctx: PluginContext,
): Handler<proto.GetSchemaRequest, proto.GetSchemaResponse> {
  return async () => {
    const res = new proto.GetSchemaResponse();
    res.setSchema(ctx.schema);
    return res;
  };
}
