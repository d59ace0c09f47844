/**
 * Errors of the core as gRPC errors the engine understands. A {@link RecordedFailure} (a
 * deployment that exists but failed, timed out or is pending) carries
 * `pulumirpc.ErrorResourceInitFailed` in the status details: the engine keeps the resource in
 * state with those outputs and fails the update, as with the dynamic resource.
 *
 * @packageDocumentation
 */
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { asProviderError } from "../error-text";
import { RecordedFailure } from "../failure";
import { toStruct, type PropertyMap } from "./wire";

/** Maps a recorded failure's id and outputs to what the plugin stores. */
export type RecordedAs = (failure: RecordedFailure) => { id: string; properties: PropertyMap };

/**
 * The gRPC error for `err`, its message as `error-text.ts` words it for both faces (one line, no
 * class name, no stack; the stack of a bug only on request). `recorded` maps a recorded failure's
 * id and outputs to what the plugin stores (its id form, secrets wrapped again).
 */
export function grpcError(err: unknown, recorded?: RecordedAs): Partial<grpc.StatusObject> {
  const { message } = asProviderError(err);
  const code = grpc.status.UNKNOWN;
  if (!(err instanceof RecordedFailure) || recorded === undefined) {
    return { code, details: message };
  }
  const { id, properties } = recorded(err);
  const detail = new ErrorResourceInitFailed();
  detail.setId(id);
  detail.setProperties(toStruct(properties));
  detail.setReasonsList(err.reasons);
  const any = new Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new Status();
  status.setCode(code);
  status.setMessage(message);
  status.addDetails(any);
  // gRPC's rich error model: the engine (Go) reads structured details from this trailer.
  const metadata = new grpc.Metadata();
  metadata.set("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code, details: message, metadata };
}

/** The answer for a method the plugin does not offer. */
export function unimplemented(method: string): Partial<grpc.StatusObject> {
  return {
    code: grpc.status.UNIMPLEMENTED,
    details: `${method} is not implemented by the nodion provider`,
  };
}
