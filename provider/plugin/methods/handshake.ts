/** `Handshake`: the engine's address for progress lines; what the plugin accepts. */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { PluginContext } from "../plugin-context";
import type { Handler } from "../unary";

export function handshake(
  ctx: PluginContext,
): Handler<proto.ProviderHandshakeRequest, proto.ProviderHandshakeResponse> {
  return async (req) => {
    ctx.log.connect(req.getEngineAddress());
    const res = new proto.ProviderHandshakeResponse();
    res.setAcceptSecrets(true);
    res.setAcceptResources(false);
    res.setAcceptOutputs(false);
    return res;
  };
}
