/**
 * pulumi-nodion: trigger and track Nodion deployments from Pulumi programs. The root exports what
 * a program uses: the resource, its argument and output types, the read-only functions
 * (`getDeployments`, `getApplication`), and the errors it may see. The
 * API client lives at `pulumi-nodion/client`.
 *
 * @packageDocumentation
 */
export { NodionDeployment } from "./resource";
export type {
  NodionDeploymentArgs,
  WaitSetting,
  DeploymentOutputs,
  PendingTrigger,
  HealthCheck,
  HealthCheckArgs,
} from "./args";
export {
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  DEFAULT_FAILURE_LOG_LINES,
  MAX_FAILURE_LOG_LINES,
  DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS,
  DEFAULT_EXPECTED_STATUS,
} from "./args";
export {
  getDeployments,
  getDeploymentsOutput,
  getApplication,
  getApplicationOutput,
} from "./functions/program-functions";
export type {
  NodionFunctionOptions,
  GetDeploymentsOutputArgs,
  GetApplicationOutputArgs,
} from "./functions/program-functions";
export type {
  GetDeploymentsArgs,
  GetDeploymentsResult,
  DeploymentSummary,
  GetApplicationArgs,
  GetApplicationResult,
} from "./functions/types";
export { ProviderError } from "./expected-error";
export { RecordedFailure } from "./failure";
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
} from "../client";
export type { NodionErrorKind } from "../client";
