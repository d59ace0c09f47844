/**
 * The `nodion` resource provider plugin: Pulumi's `ResourceProvider` gRPC service, served with
 * `@grpc/grpc-js` and the generated classes of `@pulumi/pulumi/proto`, over the same core as the
 * dynamic resource (`createDeploymentProvider`). Each RPC method is a handler of its own in
 * `methods/`. Pulumi's `provider.main()` is not used: it drops `Configure`'s arguments, passes
 * secrets still in their envelope and fails on an import's empty properties.
 *
 * @packageDocumentation
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { createDeploymentProvider, type ProviderDependencies } from "../deployment-provider";
import { EngineLog } from "./engine-log";
import { unimplemented } from "./grpc-errors";
import { cancel } from "./methods/cancel";
import { check } from "./methods/check";
import { checkConfig } from "./methods/check-config";
import { configure } from "./methods/configure";
import { create, createRecorder } from "./methods/create";
import { deleteResource } from "./methods/delete";
import { diff } from "./methods/diff";
import { diffConfig } from "./methods/diff-config";
import { getPluginInfo } from "./methods/get-plugin-info";
import { getSchema } from "./methods/get-schema";
import { handshake } from "./methods/handshake";
import { invoke } from "./methods/invoke";
import { read } from "./methods/read";
import { update, updateRecorder } from "./methods/update";
import type { PluginContext } from "./plugin-context";
import { unary } from "./unary";

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
}

/** A running plugin. */
export interface RunningPlugin {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Stops the server and the engine connection. */
  close(): Promise<void>;
}

/** The largest message the engine may send (Pulumi's own gRPC servers allow the same). */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** Starts the plugin's gRPC server on a free loopback port. */
export async function startPlugin(options: PluginOptions): Promise<RunningPlugin> {
  const log = new EngineLog(options.fallbackLog ?? ((line) => process.stderr.write(`${line}\n`)));
  if (options.engineAddress !== undefined) log.connect(options.engineAddress);
  const ctx: PluginContext = {
    core: createDeploymentProvider({ ...options.core, report: log.report }),
    log,
    env: options.core.env ?? (() => process.env),
    schema: options.schema,
    version: options.version,
    config: {},
  };
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES });
  server.addService(ResourceProviderService, serviceOf(ctx));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    port,
    close: async () => {
      log.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}

/** The methods the plugin offers; every other unary method answers UNIMPLEMENTED. */
function serviceOf(ctx: PluginContext): grpc.UntypedServiceImplementation {
  const { log } = ctx;
  const offered: grpc.UntypedServiceImplementation = {
    handshake: unary(log, handshake(ctx)),
    getPluginInfo: unary(log, getPluginInfo(ctx)),
    getSchema: unary(log, getSchema(ctx)),
    checkConfig: unary(log, checkConfig(ctx)),
    diffConfig: unary(log, diffConfig()),
    configure: unary(log, configure(ctx)),
    check: unary(log, check(ctx)),
    diff: unary(log, diff(ctx)),
    create: unary(log, create(ctx), createRecorder),
    read: unary(log, read(ctx)),
    update: unary(log, update(ctx), updateRecorder),
    delete: unary(log, deleteResource(ctx)),
    invoke: unary(log, invoke(ctx)),
    cancel: unary(log, cancel()),
  };
  const others = Object.entries(ResourceProviderService)
    .filter(([name, m]) => !(name in offered) && !m.requestStream && !m.responseStream)
    .map(([name, m]): [string, grpc.handleUnaryCall<unknown, unknown>] => [
      name,
      (_call, callback) => callback(unimplemented(m.path.slice(m.path.lastIndexOf("/") + 1))),
    ]);
  return { ...Object.fromEntries(others), ...offered };
}
