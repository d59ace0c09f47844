/**
 * Errors of the core as gRPC errors the engine understands. A {@link RecordedFailure} (a
 * deployment that exists but failed, timed out or is pending) carries
 * `pulumirpc.ErrorResourceInitFailed` in the status details: the engine keeps the resource in
 * state with those outputs and fails the update, as with the dynamic resource.
 *
 * @packageDocumentation
 */
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { asProviderError } from "../error-text";
import { RecordedFailure } from "../failure";
import { GrpcStatus, type GrpcFailure } from "./grpc-frames";
import { toStruct, type PropertyMap } from "./wire";

/**
 * The gRPC error for `err`, its message as `error-text.ts` words it for both faces (one line, no
 * class name, no stack; the stack of a bug only on request). `recorded` maps a recorded failure's id and outputs to what
 * the plugin stores (its id form, secrets wrapped again).
 */
export function grpcError(
  err: unknown,
  recorded?: (failure: RecordedFailure) => { id: string; properties: PropertyMap },
): GrpcFailure {
  const { message } = asProviderError(err);
  if (!(err instanceof RecordedFailure) || recorded === undefined) {
    return { code: GrpcStatus.UNKNOWN, message };
  }
  const { id, properties } = recorded(err);
  const detail = new ErrorResourceInitFailed();
  detail.setId(id);
  detail.setProperties(toStruct(properties));
  detail.setReasonsList(err.reasons);
  const any = new Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new Status();
  status.setCode(GrpcStatus.UNKNOWN);
  status.setMessage(message);
  status.addDetails(any);
  // gRPC's rich error model: the engine (Go) reads structured details from this trailer.
  return { code: GrpcStatus.UNKNOWN, message, details: status.serializeBinary() };
}

/** The answer for a method the plugin does not offer. */
export function unimplemented(method: string): GrpcFailure {
  return {
    code: GrpcStatus.UNIMPLEMENTED,
    message: `${method} is not implemented by the nodion provider`,
  };
}
