/**
 * A gRPC server for unary calls on Node's own HTTP/2 (cleartext, as the engine dials plugins).
 * The plugin needs nothing more; `@grpc/grpc-js` costs about 50 ms to load, on every operation's
 * start-up, for features (channels, load balancing, streaming, interceptors) it never uses.
 *
 * @packageDocumentation
 */
import * as http2 from "node:http2";
import {
  encodeGrpcMessage,
  frame,
  GrpcStatus,
  isGrpcFailure,
  unframe,
  type GrpcFailure,
} from "./grpc-frames";

/** A unary method: the request's bytes in, the response's bytes out; throws a GrpcFailure. */
export type UnaryMethod = (request: Uint8Array) => Promise<Uint8Array>;

/** A running server. */
export interface GrpcServer {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Stops listening and closes the connections. */
  close(): Promise<void>;
}

/**
 * Serves `methods` (by method name, e.g. `Create`) of gRPC service `service` (e.g.
 * `pulumirpc.ResourceProvider`) on a free loopback port. Any other path answers UNIMPLEMENTED
 * with `unimplemented(method)`.
 */
export async function serveGrpc(
  service: string,
  methods: ReadonlyMap<string, UnaryMethod>,
  unimplemented: (method: string) => GrpcFailure,
): Promise<GrpcServer> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    // A connection the engine drops is its business; the process keeps serving.
    session.on("error", () => undefined);
  });
  const prefix = `/${service}/`;
  server.on("stream", (stream, headers) => {
    const path = String(headers[":path"] ?? "");
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const method = path.startsWith(prefix) ? methods.get(name) : undefined;
    const chunks: Buffer[] = [];
    // A call the engine cancels resets its stream: there is no one left to answer.
    stream.on("error", () => undefined);
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const outcome =
        method === undefined
          ? Promise.reject(unimplemented(name))
          : Promise.resolve().then(() => method(unframe(Buffer.concat(chunks))));
      outcome.then(
        (response) => answer(stream, response),
        (err: unknown) => fail(stream, asFailure(err)),
      );
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as { port: number }).port);
    });
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.close();
        server.close(() => resolve());
      }),
  };
}

/** A handler's unexpected throw (a bug) still answers, with its stack for us to read. */
function asFailure(err: unknown): GrpcFailure {
  if (isGrpcFailure(err)) return err;
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { code: GrpcStatus.INTERNAL, message };
}

function answer(stream: http2.ServerHttp2Stream, response: Uint8Array): void {
  if (stream.destroyed || stream.closed) return;
  stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
  stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": String(GrpcStatus.OK) }));
  stream.end(frame(response));
}

/** A failure as a "trailers-only" response: the status in the one HEADERS frame. */
function fail(stream: http2.ServerHttp2Stream, failure: GrpcFailure): void {
  if (stream.destroyed || stream.closed) return;
  stream.respond(
    {
      ":status": 200,
      "content-type": "application/grpc",
      "grpc-status": String(failure.code),
      "grpc-message": encodeGrpcMessage(failure.message),
      ...(failure.details !== undefined && {
        "grpc-status-details-bin": Buffer.from(failure.details).toString("base64"),
      }),
    },
    { endStream: true },
  );
}
