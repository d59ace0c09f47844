/**
 * Progress lines sent to the engine's `Log` endpoint with the URN of the resource being worked
 * on, so `pulumi up` shows them under that resource (the dynamic-provider host can only print
 * them as messages of the stack). The URN of the current request travels in an async-local
 * scope, so the shared core keeps its one `report(line)` callback.
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { GrpcClient } from "./grpc-client";

/** Sends progress lines to the engine, attached to the resource of the current request. */
export class EngineLog {
  private client: GrpcClient | undefined;
  private readonly scope = new AsyncLocalStorage<string>();
  private sending: Promise<void> = Promise.resolve();

  /** Where lines go when no engine address is known (a plugin run by hand). */
  constructor(private readonly fallback: (line: string) => void) {}

  /** Connects to the engine (the address comes from the command line or the handshake). */
  connect(address: string): void {
    if (address === "" || this.client !== undefined) return;
    this.client = new GrpcClient(address);
  }

  /** Runs `work` with `urn` as the resource its lines belong to. */
  within<T>(urn: string, work: () => Promise<T>): Promise<T> {
    return this.scope.run(urn, work);
  }

  /** Sends one line (the core's `report`); lines keep their order. */
  readonly report = (line: string): void => {
    const text = `nodion: ${line}`;
    const client = this.client;
    if (client === undefined) {
      this.fallback(text);
      return;
    }
    const request = new LogRequest();
    request.setSeverity(LogSeverity.INFO);
    request.setMessage(text);
    request.setUrn(this.scope.getStore() ?? "");
    this.sending = this.sending.then(() =>
      client.call("/pulumirpc.Engine/Log", request.serializeBinary()).then(
        () => undefined,
        // A lost progress line is no reason to fail an operation; say it where we can.
        () => this.fallback(text),
      ),
    );
  };

  /** Resolves once every line reported so far has been delivered (or given up on). */
  flush(): Promise<void> {
    return this.sending;
  }

  /** Closes the connection to the engine. */
  close(): void {
    this.client?.close();
  }
}
