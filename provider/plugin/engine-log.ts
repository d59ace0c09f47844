/**
 * Progress lines sent to the engine's `Log` endpoint with the URN of the resource being worked
 * on, so `pulumi up` shows them under that resource (the dynamic-provider host can only print
 * them as messages of the stack). The URN of the current request travels in an async-local
 * scope, so the shared core keeps its one `report(line)` callback.
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

/** Sends progress lines to the engine, attached to the resource of the current request. */
export class EngineLog {
  private client: EngineClient | undefined;
  private readonly scope = new AsyncLocalStorage<string>();
  /** Lines still being delivered, chained per resource URN ("" for none). */
  private readonly sending = new Map<string, Promise<void>>();

  /** Where lines go when no engine address is known (a plugin run by hand). */
  constructor(private readonly fallback: (line: string) => void) {}

  /**
   * Connects to the engine (the address comes from the command line or the handshake). The
   * connection opens now, not with the first line: a busy engine took up to 35 ms to accept it,
   * and a deployment's answer waits for its progress line to be delivered.
   */
  connect(address: string): void {
    if (address === "" || this.client !== undefined) return;
    this.client = new EngineClient(address, grpc.credentials.createInsecure());
    this.client.getChannel().getConnectivityState(true);
  }

  /** Runs `work` with `urn` as the resource its lines belong to. */
  within<T>(urn: string, work: () => Promise<T>): Promise<T> {
    return this.scope.run(urn, work);
  }

  /**
   * Sends one line (the core's `report`). Lines of one resource keep their order; lines of
   * different resources go out side by side, so no operation waits for another's lines. A line
   * the core starts with `warning: ` (a late duplicate) goes out as a warning, which the engine
   * shows under the resource as such.
   */
  readonly report = (line: string): void => {
    const text = `nodion: ${line}`;
    const client = this.client;
    if (client === undefined) {
      this.fallback(text);
      return;
    }
    const urn = this.scope.getStore() ?? "";
    const request = new LogRequest();
    request.setSeverity(line.startsWith("warning: ") ? LogSeverity.WARNING : LogSeverity.INFO);
    request.setMessage(text);
    request.setUrn(urn);
    const previous = this.sending.get(urn) ?? Promise.resolve();
    const delivered = previous.then(
      () =>
        new Promise<void>((resolve) =>
          client.log(request, (err) => {
            // A lost progress line is no reason to fail an operation; say it where we can.
            if (err) this.fallback(text);
            resolve();
          }),
        ),
    );
    this.sending.set(urn, delivered);
    void delivered.then(() => {
      if (this.sending.get(urn) === delivered) this.sending.delete(urn);
    });
  };

  /**
   * Resolves once every line reported so far for `urn` (all lines, without one) has been
   * delivered or given up on.
   */
  async flush(urn?: string): Promise<void> {
    if (urn !== undefined) {
      await this.sending.get(urn);
      return;
    }
    await Promise.all(this.sending.values());
  }

  /** Closes the connection to the engine. */
  close(): void {
    this.client?.close();
  }
}
