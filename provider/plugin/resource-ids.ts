/**
 * The plugin's resource ids: `<applicationId>/<deploymentId>`, the same text `pulumi import`
 * takes, so an id read from `pulumi stack` imports the resource again. The core provider knows a
 * resource by its deployment id alone (the dynamic resource's id).
 *
 * @packageDocumentation
 */
import { ProviderError } from "../expected-error";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The plugin's id for the core's id `coreId` of a deployment of `applicationId`. */
export function pluginId(applicationId: string, coreId: string): string {
  return `${applicationId}/${coreId}`;
}

/** The core's id within a plugin id (an id without a `/` is taken as it is). */
export function coreId(id: string): string {
  const slash = id.indexOf("/");
  return slash < 0 ? id : id.slice(slash + 1);
}

/** The application and deployment an import id names; a one-line error for anything else. */
export function parseImportId(id: string): { applicationId: string; deploymentId: string } {
  const [applicationId = "", deploymentId = "", ...rest] = id.split("/");
  if (rest.length > 0 || !UUID.test(applicationId) || !UUID.test(deploymentId)) {
    throw new ProviderError(
      `import id must be <applicationId>/<deploymentId> (two UUIDs), got ${JSON.stringify(id.slice(0, 100))}`,
    );
  }
  return { applicationId, deploymentId };
}
