/**
 * @grpc/grpc-js on the other end of the plugin's own gRPC: a unary call as a promise, a server on
 * a free loopback port, and a stand-in for the engine's Log endpoint.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";

/** A unary call as a promise: `rpc<proto.CheckResponse>((cb) => client.check(req, cb))`. */
export function rpc<Res>(
  invoke: (callback: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
): Promise<Res> {
  return new Promise<Res>((resolve, reject) =>
    invoke((err, res) => (err ? reject(err) : resolve(res))),
  );
}

/** Binds `server` to a free port on 127.0.0.1 and resolves with it. */
export function listenOnLoopback(server: grpc.Server): Promise<number> {
  return new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
}

/** The engine's Log endpoint as the plugin sees it. */
export interface FakeEngine {
  readonly address: string;
  /** Every line received, in arrival order. */
  readonly logs: LogRequest[];
  /** Answers the lines held so far. */
  release(): void;
  close(): void;
}

/** A stand-in for the engine's Log endpoint; lines for which `hold` is true wait for `release()`. */
export async function fakeEngine(hold: (line: LogRequest) => boolean = () => false) {
  const logs: LogRequest[] = [];
  let held: Array<() => void> = [];
  const server = new grpc.Server();
  server.addService(EngineService, {
    log: (c: grpc.ServerUnaryCall<LogRequest, Empty>, cb: grpc.sendUnaryData<Empty>) => {
      logs.push(c.request);
      const answer = () => cb(null, new Empty());
      if (hold(c.request)) held.push(answer);
      else answer();
    },
  });
  const port = await listenOnLoopback(server);
  const engine: FakeEngine = {
    address: `127.0.0.1:${port}`,
    logs,
    release: () => {
      const answers = held;
      held = [];
      for (const answer of answers) answer();
    },
    close: () => server.forceShutdown(),
  };
  return engine;
}
