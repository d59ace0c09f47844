/** `GetPluginInfo`: the plugin's version. */
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type { PluginContext } from "../plugin-context";
import type { Handler } from "../unary";

export function getPluginInfo(ctx: PluginContext): Handler<Empty, PluginInfo> {
  return async () => {
    const info = new PluginInfo();
    info.setVersion(ctx.version);
    return info;
  };
}
