/**
 * A gRPC client for unary calls on Node's own HTTP/2: how the plugin sends progress lines to the
 * engine's `Log`. One connection, opened by {@link GrpcClient.open} or the first call, and again
 * after it drops.
 *
 * @packageDocumentation
 */
import * as http2 from "node:http2";
import { decodeGrpcMessage, frame, GrpcStatus, unframe } from "./grpc-frames";

export class GrpcClient {
  private session: http2.ClientHttp2Session | undefined;

  /** `address` is `host:port`, as the engine gives it. */
  constructor(private readonly address: string) {}

  /** Calls `path` (`/package.Service/Method`) with `request`'s bytes; resolves with the answer's. */
  call(path: string, request: Uint8Array): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const stream = this.connection().request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
        te: "trailers",
      });
      const chunks: Buffer[] = [];
      let status: string | undefined;
      let message = "";
      const note = (headers: http2.IncomingHttpHeaders) => {
        if (headers["grpc-status"] !== undefined) status = String(headers["grpc-status"]);
        if (headers["grpc-message"] !== undefined) message = String(headers["grpc-message"]);
      };
      stream.on("response", note);
      stream.on("trailers", note);
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", reject);
      stream.on("end", () => {
        if (status === String(GrpcStatus.OK)) {
          try {
            resolve(unframe(Buffer.concat(chunks)));
          } catch (err) {
            reject(err as Error);
          }
        } else {
          reject(
            new Error(`${path}: gRPC status ${status ?? "missing"} ${decodeGrpcMessage(message)}`),
          );
        }
      });
      stream.end(frame(request));
    });
  }

  /**
   * Opens the connection ahead of the first call. A busy engine took up to 35 ms to accept it,
   * and a deployment's answer waits for its progress line to be delivered.
   */
  open(): void {
    this.connection();
  }

  /** Closes the connection (calls in flight finish first). */
  close(): void {
    this.session?.close();
    this.session = undefined;
  }

  private connection(): http2.ClientHttp2Session {
    if (this.session === undefined || this.session.closed || this.session.destroyed) {
      const session = http2.connect(`http://${this.address}`);
      // Failed calls reject on their own streams; the session's error needs a listener too.
      session.on("error", () => undefined);
      this.session = session;
    }
    return this.session;
  }
}
