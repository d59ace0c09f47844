/**
 * One RPC method as `@grpc/grpc-js` serves it: the handler runs in the scope of the request's URN
 * (its progress lines belong to that resource), the lines reach the engine before the answer
 * does, and an error goes back as the gRPC error the engine understands (`grpc-errors.ts`).
 *
 * @packageDocumentation
 */
import type * as grpc from "@grpc/grpc-js";
import type { EngineLog } from "./engine-log";
import { grpcError, type RecordedAs } from "./grpc-errors";

/** A method's work: the request in, the response out. */
export type Handler<Req, Res> = (request: Req) => Promise<Res>;

/**
 * For Create and Update: how a recorded failure of this request is stored (its id form, secrets
 * wrapped again), so the engine keeps the deployment in state.
 */
export type Recorder<Req> = (request: Req) => RecordedAs;

/** `handler` as a grpc-js unary method. */
export function unary<Req, Res>(
  log: EngineLog,
  handler: Handler<Req, Res>,
  recorder?: Recorder<Req>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const req = call.request;
    const urn = urnOf(req);
    const answered = log.within(urn, () => handler(req));
    // The engine shows a resource's lines before its outcome.
    void answered.then(
      (res) => log.flush(urn).then(() => callback(null, res)),
      (err: unknown) => log.flush(urn).then(() => callback(grpcError(err, recorder?.(req)))),
    );
  };
}

/** The URN a request names, if any (progress lines are attached to it). */
function urnOf(request: unknown): string {
  const getUrn = (request as { getUrn?: () => string | undefined }).getUrn;
  return typeof getUrn === "function" ? (getUrn.call(request) ?? "") : "";
}
