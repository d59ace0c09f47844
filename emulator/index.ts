/** Public surface of the Nodion emulator. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export {
  EmulatorControl,
  EmulatorControlError,
  type ClockInfo,
  type EndlessBodyOptions,
  type FaultTarget,
  type HeaderEchoOptions,
  type LateActionOptions,
  type ListLagOptions,
  type OversizedBodyOptions,
  type StateDump,
} from "./control-client";
export { EmulatorClock, toNodionTimestamp, type NowFn } from "./clock";
export {
  deploymentStatus,
  isTerminalStatus,
  outcomeFor,
  CREATED_PHASE_FRACTION,
  type LifecycleInput,
} from "./lifecycle";
export {
  MemoryStore,
  DEFAULT_BUILD_MS,
  type EmulatorStore,
  type DeploymentSnapshot,
  type PushInput,
  type TriggerRequest,
  type StoreResult,
  type WriteLogInput,
} from "./store";
export { deploymentLogLines, instanceIdOf, type EmulatedLogLine } from "./deployment-logs";
export {
  DEFAULT_LOG_LIMIT,
  DEFAULT_LOG_WINDOW_MS,
  MAX_LOG_LIMIT,
  parseLogQuery,
  selectLogLines,
  type LogQuery,
} from "./log-query";
export * from "./seed";
export { parseSeed, type SeedParseResult } from "./seed-validation";
export {
  ECHO_AROUND,
  OVERSIZED_BODY_BYTES,
  type Fault,
  type FaultAction,
  type FaultBody,
  type FaultSpec,
  type LateAnswer,
} from "./faults";
export { credentialEchoMessage } from "./fault-responses";
export type { RequestLogEntry } from "./request-log";
export { RateLimiter, type RateLimitDecision, type RateLimitOptions } from "./rate-limit";
export {
  readStateFile,
  writeStateFile,
  STATE_FILE_FORMAT,
  type StateFileContents,
} from "./persistence";
export type * from "./types";
export type {
  ApplicationJson,
  DeploymentJson,
  DeploymentListItemJson,
  DomainJson,
  LogLineJson,
} from "./views";
export { LISTENING_PREFIX, parseCliArgs, USAGE, type CliCommand } from "./cli-args";
export { API_PREFIX } from "./api-routes";
export { CONTROL_PREFIX, REDACTED } from "./control-routes";
export { IMAGE_TAG_PATTERN, imageReference, isValidImageTag } from "./images";
