/** `Cancel`: nothing runs in the background that a cancel could stop; each call ends with its answer. */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { Handler } from "../unary";

export function cancel(): Handler<Empty, Empty> {
  return async () => new Empty();
}
