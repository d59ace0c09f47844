/** `Diff`: the core's decision, with each changed input and its kind (the detailed diff). */
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { DeploymentInputs, DeploymentOutputs } from "../../args";
import { detailedDiff, withIgnoredKept } from "../detailed-diff";
import type { PluginContext } from "../plugin-context";
import { coreId } from "../resource-ids";
import type { Handler } from "../unary";
import { fromStruct, revealMap } from "../wire";

export function diff(ctx: PluginContext): Handler<proto.DiffRequest, proto.DiffResponse> {
  return async (req) => {
    const olds = revealMap(fromStruct(req.getOlds())).plain as unknown as DeploymentOutputs;
    const sent = revealMap(fromStruct(req.getNews())).plain as unknown as DeploymentInputs;
    const news = withIgnoredKept(olds, sent, req.getIgnorechangesList());
    const decision = await ctx.core.diff(coreId(req.getId()), olds, news);
    const detail = detailedDiff(olds, news);
    const res = new proto.DiffResponse();
    res.setChanges(
      decision.changes
        ? proto.DiffResponse.DiffChanges.DIFF_SOME
        : proto.DiffResponse.DiffChanges.DIFF_NONE,
    );
    res.setReplacesList([...(decision.replaces ?? [])]);
    res.setDeletebeforereplace(decision.deleteBeforeReplace ?? false);
    res.setDiffsList(detail.map((d) => d.property));
    res.setHasdetaileddiff(true);
    const map = res.getDetaileddiffMap();
    for (const d of detail) {
      const p = new proto.PropertyDiff();
      p.setKind(d.kind);
      p.setInputdiff(d.inputDiff);
      map.set(d.property, p);
    }
    return res;
  };
}
