/** `DiffConfig`: which settings changed; a new key or URL never replaces a deployment. */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { CONFIG_KEYS, providerConfigOf } from "../config";
import type { Handler } from "../unary";
import { fromStruct } from "../wire";

export function diffConfig(): Handler<proto.DiffRequest, proto.DiffResponse> {
  return async (req) => {
    const olds = providerConfigOf(fromStruct(req.getOldInputs() ?? req.getOlds()));
    const news = providerConfigOf(fromStruct(req.getNews()));
    // A new key or URL is used from now on; existing deployments stay (never a replacement).
    const changed = CONFIG_KEYS.filter((k) => olds[k] !== news[k]);
    const res = new proto.DiffResponse();
    res.setChanges(
      changed.length > 0
        ? proto.DiffResponse.DiffChanges.DIFF_SOME
        : proto.DiffResponse.DiffChanges.DIFF_NONE,
    );
    res.setDiffsList(changed);
    return res;
  };
}
