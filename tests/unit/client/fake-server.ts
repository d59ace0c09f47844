/**
 * A tiny Nodion API stand-in for SDK tests: a real HTTP server on 127.0.0.1, port 0.
 *
 * State (applications and their deployments) sits in plain maps; the default handlers translate
 * requests into reads and writes of that state, so a POST really creates a deployment. Tests
 * script faults per `METHOD path` ("500 twice, then the default"); a step can first `act` (run
 * the default handler, e.g. create) and then fail anyway, which is how ambiguous outcomes are
 * staged. Every request is recorded, headers included, so tests can count calls and check what
 * was sent.
 *
 * Not modelled: deployment status progression, scopes, projects, environment variables, pagination.
 */
import { randomUUID } from "node:crypto";
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { ApplicationWire, DeploymentWire } from "../../../client";

/** A request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/v1/applications/app-1/deployments`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One scripted answer. Without `status`, `raw`, `hang` or `drop`, the default handler answers. */
export interface Step {
  /** Run the default handler first (a POST creates its deployment) before answering. */
  readonly act?: boolean;
  /** Respond with this status and `json` (or `raw`) body. */
  readonly status?: number;
  readonly json?: unknown;
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Never answer (until the server closes). */
  readonly hang?: boolean;
  /** Destroy the connection without answering. */
  readonly drop?: boolean;
  /** After answering (with `Connection: close`), stop accepting new connections. */
  readonly stopListening?: boolean;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const notFound: Reply = { status: 404, body: { status: 404, error: "Not Found" } };

/** The fake server. Create with {@link FakeNodionServer.start}; always {@link close}. */
export class FakeNodionServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Called with every request as it arrives (e.g. to note the test clock's time). */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  /**
   * Filters what `GET .../deployments` shows, for a list that lags behind the store (eventually
   * consistent reads): return the deployments a reader sees now.
   */
  listView: ((stored: readonly DeploymentWire[]) => readonly DeploymentWire[]) | undefined;
  private readonly applications = new Map<string, ApplicationWire>();
  private readonly deployments = new Map<string, DeploymentWire[]>();
  private readonly scripts = new Map<string, Step[]>();
  private readonly hanging = new Set<ServerResponse>();
  private server: http.Server;
  private port = 0;

  private constructor() {
    this.server = this.createServer();
  }

  /** Starts a server on a free port of 127.0.0.1. */
  static async start(): Promise<FakeNodionServer> {
    const fake = new FakeNodionServer();
    await fake.listen(0);
    return fake;
  }

  /** Base URL including the API version, without a trailing slash. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Adds an application (and an empty deployment list for it). */
  seedApplication(app: ApplicationWire): void {
    this.applications.set(app.id, app);
    if (!this.deployments.has(app.id)) this.deployments.set(app.id, []);
  }

  /** Replaces an application's deployments (any order). */
  seedDeployments(applicationId: string, deployments: readonly DeploymentWire[]): void {
    this.deployments.set(applicationId, [...deployments]);
  }

  /** The deployments the server holds for an application. */
  deploymentsOf(applicationId: string): readonly DeploymentWire[] {
    return this.deployments.get(applicationId) ?? [];
  }

  /**
   * Creates a deployment as a POST would, without a request: how a test stages a server that acts
   * on a request after the client gave up on it.
   */
  createDeployment(applicationId: string, imageTag?: string): DeploymentWire {
    const app = this.applications.get(applicationId);
    if (app === undefined) throw new Error(`no application ${applicationId}`);
    const body = imageTag === undefined ? "" : JSON.stringify({ image_tag: imageTag });
    return (this.createDeploymentFor(app, body).body as { deployment: DeploymentWire }).deployment;
  }

  /** Queues steps for `METHOD /v1/path`; each request consumes one, then defaults resume. */
  script(method: string, path: string, ...steps: Step[]): void {
    const key = `${method} ${path}`;
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...steps]);
  }

  /** Requests matching `method` and, if given, `path`. */
  requestsTo(method: string, path?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (path === undefined || r.path === path),
    );
  }

  /** Accepts connections again on the same port after a `stopListening` step. */
  async listenAgain(): Promise<void> {
    this.server = this.createServer();
    await this.listen(this.port);
  }

  /** Stops the server and any hanging responses. */
  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private createServer(): http.Server {
    return http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => this.handle(req, res, Buffer.concat(chunks).toString("utf8")));
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const recorded = { method, path, headers: req.headers, body };
    this.requests.push(recorded);
    this.onRequest?.(recorded);
    const step = this.scripts.get(`${method} ${path}`)?.shift() ?? { act: true };
    const reply = step.act ? this.defaultReply(method, path, body) : undefined;

    if (step.hang) {
      this.hanging.add(res);
      return;
    }
    if (step.drop) {
      req.socket.destroy();
      return;
    }
    const status = step.status ?? reply?.status ?? 500;
    const headers: Record<string, string> = {
      "Content-Type": step.raw !== undefined ? "text/plain" : "application/json",
      ...(step.stopListening && { Connection: "close" }),
      ...step.headers,
    };
    const payload =
      step.raw ?? JSON.stringify(step.status !== undefined ? (step.json ?? {}) : reply?.body);
    res.writeHead(status, headers);
    res.end(payload, () => {
      if (step.stopListening) this.server.close();
    });
  }

  private defaultReply(method: string, path: string, body: string): Reply {
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "v1" || parts[1] !== "applications") return notFound;
    if (parts.length === 2 && method === "GET") {
      return { status: 200, body: { applications: [...this.applications.values()] } };
    }
    const app = this.applications.get(parts[2] ?? "");
    if (app === undefined) return notFound;
    if (parts.length === 3 && method === "GET") return { status: 200, body: { application: app } };
    if (parts.length === 4 && parts[3] === "deployments") {
      if (method === "GET") {
        const stored = this.deploymentsOf(app.id);
        const list = [...(this.listView ? this.listView(stored) : stored)].sort(
          (a, b) => b.deploy_number - a.deploy_number,
        );
        return { status: 200, body: { deployments: list } };
      }
      if (method === "POST") return this.createDeploymentFor(app, body);
    }
    return notFound;
  }

  private createDeploymentFor(app: ApplicationWire, body: string): Reply {
    const parsed: unknown = body.length > 0 ? JSON.parse(body) : {};
    const tag = (parsed as { image_tag?: unknown }).image_tag;
    if (tag !== undefined && (typeof tag !== "string" || tag.length === 0)) {
      return { status: 400, body: { errors: ["Image tag is invalid"] } };
    }
    const existing = this.deploymentsOf(app.id);
    const now = new Date().toISOString();
    const image = app.image_name ? `${app.image_name}:${tag ?? app.image_tag ?? "latest"}` : null;
    const deployment: DeploymentWire = {
      id: randomUUID(),
      status: "created",
      deploy_number: existing.reduce((max, d) => Math.max(max, d.deploy_number), 0) + 1,
      git_sha: image ? null : "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e",
      commit_message: image ? `Image: ${image}` : "test",
      committer_name: image ? "Container Registry" : "John Doe",
      committer_email: image ? "deploy@nodion.com" : "info@nodion.com",
      committer_username: image ? "Container Registry" : "nodion",
      commit_timestamp: now,
      strategy: image ? "prebuilt_image" : "dockerfile",
      image_reference: image,
      created_at: now,
      updated_at: now,
    };
    this.deployments.set(app.id, [...existing, deployment]);
    return { status: 200, body: { deployment } };
  }
}
