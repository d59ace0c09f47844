/**
 * Typed client for the Nodion PaaS API. Knows nothing about Pulumi.
 *
 * @packageDocumentation
 */
export {
  NodionClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  MIN_OUTCOME_WINDOW_MS,
} from "./client";
export { InvalidArgumentError } from "./argument-error";
export { normaliseBaseUrl } from "./base-url";
export { DEFAULT_MAX_RESPONSE_BYTES } from "./transport";
export { MAX_LOG_LIMIT } from "./log-query";
export type { ListLogsOptions } from "./log-query";
export type {
  NodionClientOptions,
  TriggerDeploymentOptions,
  TriggerOrResumeOptions,
} from "./client";
export { systemClock } from "./clock";
export type { Clock } from "./clock";
export {
  NodionError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ValidationError,
  RateLimitError,
  ServerError,
  NetworkError,
  TimeoutError,
  MalformedResponseError,
  ResponseTooLargeError,
} from "./errors";
export type { NodionErrorKind, NodionErrorInit, RequestContext } from "./errors";
export { errorFromResponse, errorFromTransport } from "./error-factory";
export type {
  ErrorEnvironment,
  FailedRequest,
  ResponseFacts,
  TransportFailure,
} from "./error-factory";
export { REDACTED, redactSecrets, createRedactor } from "./redact";
export type { Redactor } from "./redact";
export {
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  backoffDelayMs,
  nextDelayMs,
  parseRetryAfter,
} from "./retry";
export type { RetryPolicy } from "./retry";
export {
  findLateDuplicates,
  findOwnDeployment,
  identityOf,
  LATE_COMMIT_HORIZON_MS,
  tagOf,
} from "./ownership";
export type { OwnershipQuery, TriggerEvidence, TriggerIdentity, UnclearPost } from "./ownership";
export { watchDelayMs } from "./trigger";
export type { ResumeQuery, TriggerOutcome, TriggerSource } from "./trigger";
export { TERMINAL_STATUSES, isTerminalStatus } from "./types";
export type {
  Application,
  ApplicationEnvelopeWire,
  ApplicationListWire,
  ApplicationWire,
  Deployment,
  DeploymentEnvelopeWire,
  DeploymentListWire,
  DeploymentStatus,
  DeploymentWire,
  Domain,
  DomainListWire,
  DomainWire,
  KnownDeploymentStatus,
  LogLine,
  LogLineWire,
  LogListWire,
  Region,
  RegionWire,
  TriggerDeploymentWire,
} from "./types";
export { SDK_VERSION, DEFAULT_USER_AGENT } from "./version";
export {
  WireFormatError,
  parseApplication,
  parseApplicationEnvelope,
  parseApplicationList,
  parseDeployment,
  parseDeploymentEnvelope,
  parseDeploymentList,
  parseDomain,
  parseDomainList,
  parseLogLine,
  parseLogList,
} from "./wire";
