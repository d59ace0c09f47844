/**
 * The `nodion` resource provider plugin: a gRPC `ResourceProvider` server over the same core as
 * the dynamic resource (`createDeploymentProvider`). It adds what only a real provider can do:
 * a schema, provider configuration (stack config or explicit `nodion.Provider` resources),
 * `pulumi import`, the engine's `customTimeouts`, a detailed diff, and progress lines attached
 * to the resource. Pulumi's own `provider.main()` is not used: it drops `Configure`'s arguments,
 * passes secrets still in their envelope and fails on an import's empty properties.
 *
 * @packageDocumentation
 */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { OUTPUT_FIELDS, type DeploymentInputs, type DeploymentOutputs } from "../args";
import { inputsOf, withInputs } from "../outputs";
import { UNKNOWN } from "../validate";
import type { ProviderConfig } from "../connection";
import {
  createDeploymentProvider,
  type DeploymentProvider,
  type OperationLimits,
  type ProviderDependencies,
} from "../deployment-provider";
import type { RecordedFailure } from "../failure";
import {
  argsFromVariables,
  CONFIG_KEYS,
  configProblems,
  configSource,
  providerConfigOf,
} from "./config";
import { detailedDiff, withIgnoredKept } from "./detailed-diff";
import { EngineLog } from "./engine-log";
import { grpcError, unimplemented } from "./grpc-errors";
import { serveGrpc, type UnaryMethod } from "./grpc-server";
import { coreId, parseImportId, pluginId } from "./resource-ids";
import {
  decodeCheckRequest,
  decodeCreateRequest,
  encodeCheckResponse,
  encodeCreateResponse,
} from "./resource-messages";
import { concealKeys, fromStruct, revealMap, toStruct, type PropertyMap } from "./wire";

/** What the plugin is built from. */
export interface PluginOptions {
  /** The core's collaborators, except `report` (the plugin sends lines to the engine). */
  readonly core: Omit<ProviderDependencies, "report">;
  /** The package schema, served by `GetSchema`. */
  readonly schema: string;
  /** The plugin's version (the schema's and the package's). */
  readonly version: string;
  /** The engine's address from the command line, when given. */
  readonly engineAddress?: string;
  /** Where progress lines go without an engine. Default: standard error. */
  readonly fallbackLog?: (line: string) => void;
  /** Called with the gRPC method's name once its answer is on its way (main.ts: the code cache). */
  readonly afterAnswer?: (method: string) => void;
}

/** A running plugin. */
export interface RunningPlugin {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Stops the server and the engine connection. */
  close(): Promise<void>;
}

/** What a method answers: a generated message, or the bytes of a hand-coded one. */
type Handler<Req> = (request: Req) => Promise<Message | Uint8Array>;

/** The protobuf message classes a method reads and writes. */
interface Message {
  serializeBinary(): Uint8Array;
}
interface MessageClass<T> {
  deserializeBinary(bytes: Uint8Array): T;
}

/** The hand-coded requests (`resource-messages.ts`), read as a message class would read them. */
const CheckRequestCodec: MessageClass<ReturnType<typeof decodeCheckRequest>> = {
  deserializeBinary: decodeCheckRequest,
};
const CreateRequestCodec: MessageClass<ReturnType<typeof decodeCreateRequest>> = {
  deserializeBinary: decodeCreateRequest,
};

/** Starts the plugin's gRPC server on a free loopback port. */
export async function startPlugin(options: PluginOptions): Promise<RunningPlugin> {
  const { methods, log } = createPluginService(options);
  const { afterAnswer } = options;
  const served =
    afterAnswer === undefined
      ? methods
      : new Map(
          [...methods].map(([name, method]): [string, UnaryMethod] => [
            name,
            async (bytes) => {
              try {
                return await method(bytes);
              } finally {
                // After the answer is written, not in its way.
                setImmediate(() => afterAnswer(name));
              }
            },
          ]),
        );
  const server = await serveGrpc("pulumirpc.ResourceProvider", served, unimplemented);
  return {
    port: server.port,
    close: async () => {
      log.close();
      await server.close();
    },
  };
}

/** The service's methods by gRPC method name, and the log their progress lines go to. */
function createPluginService(options: PluginOptions): {
  methods: ReadonlyMap<string, UnaryMethod>;
  log: EngineLog;
} {
  const log = new EngineLog(options.fallbackLog ?? ((line) => process.stderr.write(`${line}\n`)));
  if (options.engineAddress !== undefined) log.connect(options.engineAddress);
  const core: DeploymentProvider = createDeploymentProvider({
    ...options.core,
    report: log.report,
  });
  const env = options.core.env ?? (() => process.env);
  let config: ProviderConfig = {};

  /**
   * A unary method: decodes the request, runs `handler` in the scope of the request's URN (its
   * progress lines belong to that resource) and encodes the answer or maps the error.
   */
  function unary<Req extends object>(
    requestClass: MessageClass<Req>,
    handler: Handler<Req>,
    recorded?: (req: Req) => (failure: RecordedFailure) => { id: string; properties: PropertyMap },
  ): UnaryMethod {
    return async (bytes) => {
      const req = requestClass.deserializeBinary(bytes);
      const urn = urnOf(req);
      try {
        const res = await log.within(urn, () => handler(req));
        return res instanceof Uint8Array ? res : res.serializeBinary();
      } catch (err) {
        throw grpcError(err, recorded?.(req));
      } finally {
        // The engine shows a resource's lines before its outcome.
        await log.flush(urn);
      }
    };
  }

  const limitsOf = (timeoutSeconds: number): OperationLimits =>
    timeoutSeconds > 0 ? { timeoutMs: timeoutSeconds * 1000 } : {};

  const methods = new Map<string, UnaryMethod>([
    [
      "Handshake",
      unary(proto.ProviderHandshakeRequest, async (req) => {
        log.connect(req.getEngineAddress());
        const res = new proto.ProviderHandshakeResponse();
        res.setAcceptSecrets(true);
        res.setAcceptResources(false);
        res.setAcceptOutputs(false);
        return res;
      }),
    ],

    [
      "GetPluginInfo",
      unary(Empty, async () => {
        const info = new PluginInfo();
        info.setVersion(options.version);
        return info;
      }),
    ],

    [
      "GetSchema",
      unary(proto.GetSchemaRequest, async () => {
        const res = new proto.GetSchemaResponse();
        res.setSchema(options.schema);
        return res;
      }),
    ],

    [
      "CheckConfig",
      unary(proto.CheckRequest, async (req) => {
        const news = fromStruct(req.getNews());
        const res = new proto.CheckResponse();
        // Returned as sent: the engine stores the provider's inputs, the key still secret.
        res.setInputs(toStruct(news));
        res.setFailuresList(
          configProblems(providerConfigOf(news), env()).map((p) =>
            checkFailure(p.property, p.reason),
          ),
        );
        return res;
      }),
    ],

    [
      "DiffConfig",
      unary(proto.DiffRequest, async (req) => {
        const olds = providerConfigOf(fromStruct(req.getOldInputs() ?? req.getOlds()));
        const news = providerConfigOf(fromStruct(req.getNews()));
        // A new key or URL is used from now on; existing deployments stay (never a replacement).
        const changed = CONFIG_KEYS.filter((k) => olds[k] !== news[k]);
        const res = new proto.DiffResponse();
        res.setChanges(
          changed.length > 0
            ? proto.DiffResponse.DiffChanges.DIFF_SOME
            : proto.DiffResponse.DiffChanges.DIFF_NONE,
        );
        res.setDiffsList(changed);
        return res;
      }),
    ],

    [
      "Configure",
      unary(proto.ConfigureRequest, async (req) => {
        const args = req.hasArgs()
          ? fromStruct(req.getArgs())
          : argsFromVariables(new Map(req.getVariablesMap().entries()));
        config = providerConfigOf(args);
        await core.configure({ config: configSource(config) });
        // Once the answer is out: the engine's next calls (Check, its step bookkeeping) leave
        // this process idle, time enough to load the HTTP stack the first deployment needs.
        setImmediate(() => core.prepare());
        const res = new proto.ConfigureResponse();
        res.setAcceptsecrets(true);
        res.setAcceptresources(false);
        res.setAcceptoutputs(false);
        // Create and update are never called in a preview: the engine shows the inputs.
        res.setSupportspreview(false);
        return res;
      }),
    ],

    [
      "Check",
      unary(CheckRequestCodec, async (req) => {
        const olds = revealMap(req.olds);
        const news = revealMap(req.news);
        const result = await core.check(olds.plain, news.plain);
        return encodeCheckResponse(
          concealKeys(result.inputs ?? {}, news.secretKeys),
          result.failures ?? [],
        );
      }),
    ],

    [
      "Diff",
      unary(proto.DiffRequest, async (req) => {
        const olds = revealMap(fromStruct(req.getOlds())).plain as unknown as DeploymentOutputs;
        const sent = revealMap(fromStruct(req.getNews())).plain as unknown as DeploymentInputs;
        const news = withIgnoredKept(olds, sent, req.getIgnorechangesList());
        const decision = await core.diff(coreId(req.getId()), olds, news);
        const detail = detailedDiff(olds, news);
        const res = new proto.DiffResponse();
        res.setChanges(
          decision.changes
            ? proto.DiffResponse.DiffChanges.DIFF_SOME
            : proto.DiffResponse.DiffChanges.DIFF_NONE,
        );
        res.setReplacesList([...(decision.replaces ?? [])]);
        res.setDeletebeforereplace(decision.deleteBeforeReplace ?? false);
        res.setDiffsList(detail.map((d) => d.property));
        res.setHasdetaileddiff(true);
        const map = res.getDetaileddiffMap();
        for (const d of detail) {
          const p = new proto.PropertyDiff();
          p.setKind(d.kind);
          p.setInputdiff(d.inputDiff);
          map.set(d.property, p);
        }
        return res;
      }),
    ],

    [
      "Create",
      unary(
        CreateRequestCodec,
        async (req) => {
          const news = revealMap(req.properties);
          const inputs = news.plain as unknown as DeploymentInputs;
          if (req.preview) {
            // The engine asks what a create would give: never a deployment in a preview.
            return encodeCreateResponse("", concealKeys(previewOutputs(inputs), news.secretKeys));
          }
          const result = await core.create(inputs, limitsOf(req.timeout));
          return encodeCreateResponse(
            pluginId(inputs.applicationId, result.id),
            concealKeys(result.outs ?? {}, news.secretKeys),
          );
        },
        (req) => (failure) => {
          const news = revealMap(req.properties);
          const app = String(news.plain.applicationId);
          return {
            id: pluginId(app, failure.id),
            properties: concealKeys(failure.properties, news.secretKeys),
          };
        },
      ),
    ],

    [
      "Read",
      unary(proto.ReadRequest, async (req) => {
        const id = req.getId();
        const props = revealMap(fromStruct(req.getProperties()));
        const res = new proto.ReadResponse();
        if (Object.keys(props.plain).length === 0) {
          // `pulumi import` (or a resource `get`): only the id is known.
          const { applicationId, deploymentId } = parseImportId(id);
          const found = await core.importDeployment(applicationId, deploymentId);
          res.setId(pluginId(applicationId, found.id));
          res.setProperties(toStruct(found.props));
          res.setInputs(toStruct(found.inputs));
          return res;
        }
        const inputs = revealMap(fromStruct(req.getInputs()));
        const secretKeys = new Set([...props.secretKeys, ...inputs.secretKeys]);
        const outcome = await core.read(coreId(id), props.plain as unknown as DeploymentOutputs);
        // No id: the deployment is proven gone, and the engine drops the resource.
        if (outcome.id === undefined) return res;
        res.setId(id);
        res.setProperties(toStruct(concealKeys(outcome.props ?? {}, secretKeys)));
        res.setInputs(toStruct(concealKeys(outcome.inputs ?? {}, secretKeys)));
        return res;
      }),
    ],

    [
      "Update",
      unary(
        proto.UpdateRequest,
        async (req) => {
          const olds = revealMap(fromStruct(req.getOlds()));
          const news = revealMap(fromStruct(req.getNews()));
          const res = new proto.UpdateResponse();
          if (req.getPreview()) {
            const outs = previewOutputs(
              news.plain as unknown as DeploymentInputs,
              olds.plain as unknown as DeploymentOutputs,
            );
            res.setProperties(toStruct(concealKeys(outs, news.secretKeys)));
            return res;
          }
          const result = await core.update(
            coreId(req.getId()),
            olds.plain as unknown as DeploymentOutputs,
            news.plain as unknown as DeploymentInputs,
            limitsOf(req.getTimeout()),
          );
          res.setProperties(toStruct(concealKeys(result.outs ?? {}, news.secretKeys)));
          return res;
        },
        (req) => (failure) => ({
          id: req.getId(),
          properties: concealKeys(
            failure.properties,
            revealMap(fromStruct(req.getNews())).secretKeys,
          ),
        }),
      ),
    ],

    [
      "Delete",
      unary(proto.DeleteRequest, async (req) => {
        const props = revealMap(fromStruct(req.getProperties())).plain;
        await core.delete(coreId(req.getId()), props as unknown as DeploymentOutputs);
        return new Empty();
      }),
    ],

    [
      "Cancel",
      // Nothing runs in the background that a cancel could stop: each call ends with its answer.
      unary(Empty, async () => new Empty()),
    ],
  ]);
  return { methods, log };
}

/**
 * What a preview shows for a create or update: the new inputs, the recorded outputs where the
 * update will keep them, and unknown values where a deployment will change them.
 */
export function previewOutputs(news: DeploymentInputs, olds?: DeploymentOutputs): PropertyMap {
  const deploys =
    olds === undefined ||
    detailedDiff(olds, news).some((d) => DEPLOYMENT_CHANGING.includes(d.property)) ||
    olds.status === "failed" ||
    olds.status === "expired";
  const kept = olds === undefined ? {} : withInputs(olds, news);
  const unknown = deploys ? Object.fromEntries(OUTPUT_FIELDS.map((k) => [k, UNKNOWN])) : {};
  return { ...kept, ...inputsOf(news), ...unknown };
}

/** Changes after which the update deploys (the core's rule), so its outputs are not known yet. */
const DEPLOYMENT_CHANGING: readonly string[] = ["triggers", "imageTag", "pendingTrigger"];

/** The URN a request names, if any (progress lines are attached to it). */
function urnOf(request: object): string {
  const { urn } = request as { urn?: unknown };
  if (typeof urn === "string") return urn;
  const getUrn = (request as { getUrn?: () => string | undefined }).getUrn;
  return typeof getUrn === "function" ? (getUrn.call(request) ?? "") : "";
}

function checkFailure(property: string, reason: string): proto.CheckFailure {
  const failure = new proto.CheckFailure();
  failure.setProperty(property);
  failure.setReason(reason);
  return failure;
}
