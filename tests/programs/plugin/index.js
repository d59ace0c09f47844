// Deployments of the `nodion` provider plugin, declared directly by type token (until a generated
// SDK exists), every input from stack config so tests change a value and run the engine.
//
// Config: applicationId, triggers (JSON), imageTag, wait, timeoutSeconds (JSON), baseUrl,
// projectId; createTimeout (customTimeouts.create, e.g. "3s"); ignoreChanges / replaceOnChanges
// (JSON lists); accounts (JSON list of {name, applicationId, apiKeySecret, projectId}): one
// explicit provider per entry, its key read from secret config `apiKeySecret` names.
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const json = (key) => (config.get(key) === undefined ? undefined : config.requireObject(key));

/** nodion:index:Deployment, with its outputs declared so they can be exported. */
class Deployment extends pulumi.CustomResource {
  constructor(name, args, opts) {
    const outputs = {
      deploymentId: undefined,
      deployNumber: undefined,
      status: undefined,
      gitSha: undefined,
      latestDeployNumber: undefined,
      isLatest: undefined,
      createdAt: undefined,
      pendingTrigger: undefined,
    };
    super("nodion:index:Deployment", name, { ...args, ...outputs }, opts);
  }
}

/** An explicit `nodion` provider (pulumi:providers:nodion). */
class Provider extends pulumi.ProviderResource {
  constructor(name, args, opts) {
    super("nodion", name, args, opts);
  }
}

const timeouts = config.get("createTimeout")
  ? { create: config.get("createTimeout"), update: config.get("createTimeout") }
  : undefined;

const accounts = json("accounts");
if (accounts === undefined) {
  const app = new Deployment(
    "app",
    {
      applicationId: config.require("applicationId"),
      triggers: json("triggers"),
      imageTag: config.get("imageTag"),
      wait: config.get("wait"),
      timeoutSeconds: json("timeoutSeconds"),
      baseUrl: config.get("baseUrl"),
      projectId: config.get("projectId"),
    },
    {
      customTimeouts: timeouts,
      ignoreChanges: json("ignoreChanges"),
      replaceOnChanges: json("replaceOnChanges"),
    },
  );
  for (const key of ["deploymentId", "deployNumber", "status", "gitSha", "isLatest"]) {
    exports[key] = app[key];
  }
} else {
  for (const account of accounts) {
    const provider = new Provider(account.name, {
      apiKey: config.requireSecret(account.apiKeySecret),
      baseUrl: config.require("baseUrl"),
      projectId: account.projectId,
    });
    const app = new Deployment(
      `app-${account.name}`,
      { applicationId: account.applicationId, triggers: json("triggers") },
      { provider },
    );
    exports[`${account.name}DeployNumber`] = app.deployNumber;
    exports[`${account.name}Status`] = app.status;
  }
}
