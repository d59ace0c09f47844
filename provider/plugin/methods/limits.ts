/** The engine's `customTimeouts` (seconds, 0 for none) as the core's operation limits. */
import type { OperationLimits } from "../../deployment-provider";

export function limitsOf(timeoutSeconds: number): OperationLimits {
  return timeoutSeconds > 0 ? { timeoutMs: timeoutSeconds * 1000 } : {};
}
