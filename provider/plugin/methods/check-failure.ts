/** One `CheckFailure`: a property and what is wrong with it. */
import { CheckFailure } from "@pulumi/pulumi/proto/provider_pb";

export function checkFailure(property: string, reason: string): CheckFailure {
  const failure = new CheckFailure();
  failure.setProperty(property);
  failure.setReason(reason);
  return failure;
}
