/**
 * A bare HTTP server on 127.0.0.1, port 0, for transport tests that need full control of the
 * connection (a proxy that records what reaches it, a body that never ends). Tracks its sockets
 * so {@link LocalServer.close} never waits on a connection a test left open.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A running server; always {@link close} it. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Raw bytes received on any connection, including CONNECT requests and TLS handshakes. */
  readonly received: () => string;
  /** Connections accepted so far. */
  readonly connections: () => number;
  /** What to do with a CONNECT request (an https proxy tunnel); by default the socket is closed. */
  onConnect: (socket: Socket) => void;
  close(): Promise<void>;
}

/** Starts a server that answers each request with `handle`. */
export async function startLocalServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const chunks: Buffer[] = [];
  let accepted = 0;
  const server = http.createServer(handle);
  server.on("connection", (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const local: LocalServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    received: () => Buffer.concat(chunks).toString("latin1"),
    connections: () => accepted,
    onConnect: (socket) => socket.destroy(),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  // A CONNECT request is recorded above like any other bytes, then handed to the test.
  server.on("connect", (_req, socket: Socket) => local.onConnect(socket));
  return local;
}
