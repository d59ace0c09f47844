import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import {
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_PROJECT_KEY,
  startEmulator,
} from "../../../emulator";
import { systemClock } from "../../../client";
import { clientFor } from "../../../provider/connection";
import { DeploymentLists } from "../../../provider/deployment-lists";
import { findSchema } from "../../../provider/plugin/main";
import { startPlugin, type RunningPlugin } from "../../../provider/plugin/server";
import { secret, SECRET_SIG, SIG_KEY, toStruct, fromStruct } from "../../../provider/plugin/wire";
import { UNKNOWN } from "../../../provider/validate";
import { fakeEngine, rpc, type FakeEngine } from "./grpc-js";

const URN = "urn:pulumi:dev::p::nodion:index:Deployment::app";
const Changes = proto.DiffResponse.DiffChanges;
const Kind = proto.PropertyDiff.Kind;

describe("the plugin's gRPC handlers (no engine; emulator in process)", () => {
  let emulator: RunningEmulator;
  let engine: FakeEngine;
  let plugin: RunningPlugin;
  let client: ResourceProviderClient;
  const schema = fs.readFileSync(findSchema(), "utf8");

  before(async () => {
    emulator = await startEmulator({ buildMs: 60_000 });
    engine = await fakeEngine();
    plugin = await startPlugin({
      core: {
        clock: systemClock,
        lists: new DeploymentLists(0),
        connect: clientFor,
        env: () => ({}),
      },
      schema,
      version: "9.8.7",
      engineAddress: engine.address,
      fallbackLog: () => undefined,
    });
    client = new ResourceProviderClient(
      `127.0.0.1:${plugin.port}`,
      grpc.credentials.createInsecure(),
    );
  });

  after(async () => {
    client?.close();
    await plugin?.close();
    engine?.close();
    await emulator?.close();
  });

  const configure = (args: Record<string, unknown>) => {
    const req = new proto.ConfigureRequest();
    req.setArgs(toStruct(args));
    req.setAcceptsecrets(true);
    return rpc<proto.ConfigureResponse>((cb) => client.configure(req, cb));
  };

  const check = (news: Record<string, unknown>) => {
    const req = new proto.CheckRequest();
    req.setUrn(URN);
    req.setOlds(toStruct({}));
    req.setNews(toStruct(news));
    return rpc<proto.CheckResponse>((cb) => client.check(req, cb));
  };

  const diff = (
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    ignore: string[] = [],
  ) => {
    const req = new proto.DiffRequest();
    req.setId(`${SEED_API_APP_ID}/d`);
    req.setUrn(URN);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setIgnorechangesList(ignore);
    return rpc<proto.DiffResponse>((cb) => client.diff(req, cb));
  };

  const failuresOf = (res: proto.CheckResponse) =>
    res.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);

  it("makes the API client of the provider's settings right after answering Configure, sending nothing", async () => {
    const asked: string[] = [];
    const own = await startPlugin({
      core: {
        clock: systemClock,
        lists: new DeploymentLists(0),
        connect: (c) => {
          asked.push(c.baseUrl);
          return clientFor(c);
        },
        env: () => ({}),
      },
      schema,
      version: "9.8.7",
      fallbackLog: () => undefined,
    });
    const ownClient = new ResourceProviderClient(
      `127.0.0.1:${own.port}`,
      grpc.credentials.createInsecure(),
    );
    try {
      const before = (await emulator.control.requests()).length;
      const req = new proto.ConfigureRequest();
      req.setArgs(toStruct({ apiKey: secret(SEED_PROJECT_KEY), baseUrl: emulator.url }));
      await rpc<proto.ConfigureResponse>((cb) => ownClient.configure(req, cb));
      for (let i = 0; i < 50 && asked.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(asked, [emulator.url]);
      assert.equal((await emulator.control.requests()).length, before);
    } finally {
      ownClient.close();
      await own.close();
    }
  });

  it("serves the schema and the version", async () => {
    const res = await rpc<proto.GetSchemaResponse>((cb) =>
      client.getSchema(new proto.GetSchemaRequest(), cb),
    );
    assert.equal(res.getSchema(), schema);
    const info = await rpc<PluginInfo>((cb) => client.getPluginInfo(new Empty(), cb));
    assert.equal(info.getVersion(), "9.8.7");
  });

  it("check names the missing key until Configure provides one (in its secret envelope)", async () => {
    const before = failuresOf(await check({ applicationId: SEED_API_APP_ID }));
    assert.deepEqual(
      before.map(([p]) => p),
      ["apiKey"],
    );
    assert.match(before[0]?.[1] ?? "", /pulumi config set --secret nodion:apiKey/);
    const res = await configure({ apiKey: secret(SEED_PROJECT_KEY), baseUrl: emulator.url });
    assert.equal(res.getAcceptsecrets(), true);
    assert.deepEqual(failuresOf(await check({ applicationId: SEED_API_APP_ID })), []);
  });

  it("check reports every bad input by property, keeping secret inputs secret", async () => {
    const res = await check({
      applicationId: "my-app",
      triggers: secret(["", "ok"]),
      wait: "sometimes",
      apiKey: "k",
    });
    assert.deepEqual(
      failuresOf(res)
        .map(([p]) => p)
        .sort(),
      ["apiKey", "applicationId", "triggers[0]", "wait"],
    );
    const inputs = fromStruct(res.getInputs());
    assert.deepEqual(inputs.triggers, { [SIG_KEY]: SECRET_SIG, value: ["", "ok"] });
    assert.equal(inputs.apiKey, undefined, "an unknown input is never handed on");
  });

  it("diff reports a trigger change in the detailed diff, and ignoreChanges drops it", async () => {
    const olds = { applicationId: SEED_API_APP_ID, triggers: ["a"], deployNumber: 1 };
    const res = await diff(olds, { applicationId: SEED_API_APP_ID, triggers: ["b"] });
    assert.equal(res.getChanges(), Changes.DIFF_SOME);
    assert.deepEqual(res.getDiffsList(), ["triggers"]);
    assert.deepEqual(res.getReplacesList(), []);
    assert.equal(res.getHasdetaileddiff(), true);
    assert.equal(res.getDetaileddiffMap().get("triggers")?.getKind(), Kind.UPDATE);
    const ignored = await diff(olds, { applicationId: SEED_API_APP_ID, triggers: ["b"] }, [
      "triggers[0]",
    ]);
    assert.equal(ignored.getChanges(), Changes.DIFF_NONE);
    assert.equal(ignored.getDetaileddiffMap().getLength(), 0);
  });

  it("diff gives kinds for added, removed, replacing and unknown inputs", async () => {
    const olds = { applicationId: SEED_API_APP_ID, imageTag: "1", deployNumber: 1 };
    const res = await diff(olds, {
      applicationId: "9cc0d1b0-eb32-4ef8-a434-9f2890f7109e",
      triggers: UNKNOWN,
    });
    const kinds = Object.fromEntries(
      res
        .getDetaileddiffMap()
        .getEntryList()
        .map(([k]) => [k, res.getDetaileddiffMap().get(k)?.getKind()]),
    );
    assert.deepEqual(kinds, {
      applicationId: Kind.UPDATE_REPLACE,
      triggers: Kind.ADD,
      imageTag: Kind.DELETE,
    });
    assert.deepEqual(res.getReplacesList(), ["applicationId"]);
  });

  it("diff asks for an update to resolve a pending trigger, even with no input changed", async () => {
    const olds = {
      applicationId: SEED_API_APP_ID,
      deployNumber: 0,
      pendingTrigger: { triggers: null, imageTag: null, afterDeployNumber: 0, postedAt: "t" },
    };
    const res = await diff(olds, { applicationId: SEED_API_APP_ID });
    assert.equal(res.getChanges(), Changes.DIFF_SOME);
    assert.equal(res.getDetaileddiffMap().get("pendingTrigger")?.getKind(), Kind.DELETE);
    assert.equal(res.getDetaileddiffMap().get("pendingTrigger")?.getInputdiff(), false);
  });

  it("a preview create calls no API and leaves the outputs unknown", async () => {
    await emulator.control.clearRequests();
    const req = new proto.CreateRequest();
    req.setUrn(URN);
    req.setPreview(true);
    req.setProperties(toStruct({ applicationId: SEED_API_APP_ID }));
    const res = await rpc<proto.CreateResponse>((cb) => client.create(req, cb));
    assert.equal(res.getId(), "");
    const outs = fromStruct(res.getProperties());
    assert.equal(outs.deployNumber, UNKNOWN);
    assert.equal(outs.applicationId, SEED_API_APP_ID);
    assert.deepEqual(await emulator.control.requests(), []);
  });

  it("create honours the engine's timeout and records the deployment in the error details", async () => {
    engine.logs.length = 0;
    const req = new proto.CreateRequest();
    req.setUrn(URN);
    req.setTimeout(1);
    req.setProperties(toStruct({ applicationId: SEED_API_APP_ID, triggers: ["t1"] }));
    const started = Date.now();
    const err = await rpc<proto.CreateResponse>((cb) => client.create(req, cb)).then(
      () => assert.fail("the create should time out"),
      (e: grpc.ServiceError) => e,
    );
    assert.ok(Date.now() - started < 10_000, "the engine's 1 s limit, not timeoutSeconds (900)");
    assert.match(err.details, /after waiting \ds \(the resource's customTimeouts\)/);
    const [bin] = err.metadata.get("grpc-status-details-bin");
    const status = Status.deserializeBinary(new Uint8Array(bin as Buffer));
    const detail = proto.ErrorResourceInitFailed.deserializeBinary(
      status.getDetailsList()[0]?.getValue_asU8() ?? new Uint8Array(),
    );
    const [deployment] = (await emulator.control.state()).state.deployments;
    assert.equal(detail.getId(), `${SEED_API_APP_ID}/${deployment?.id}`);
    assert.equal(fromStruct(detail.getProperties()).deployNumber, 1);
    // Progress went to the engine, attached to the resource.
    const triggered = engine.logs.find((l) => /triggered deploy #1/.test(l.getMessage()));
    assert.equal(triggered?.getUrn(), URN);
    assert.match(triggered?.getMessage() ?? "", /^nodion: /);
  });

  it("read with no properties imports <applicationId>/<deploymentId>, without a POST", async () => {
    const [deployment] = (await emulator.control.state()).state.deployments;
    await emulator.control.clearRequests();
    const req = new proto.ReadRequest();
    req.setUrn(URN);
    req.setId(`${SEED_API_APP_ID}/${deployment?.id}`);
    const res = await rpc<proto.ReadResponse>((cb) => client.read(req, cb));
    assert.equal(res.getId(), `${SEED_API_APP_ID}/${deployment?.id}`);
    // The deployment's sha is recorded as its trigger, so `triggers: [<sha>]` previews clean.
    assert.deepEqual(fromStruct(res.getInputs()), {
      applicationId: SEED_API_APP_ID,
      triggers: [deployment?.gitSha],
    });
    assert.equal(fromStruct(res.getProperties()).deploymentId, deployment?.id);
    const log = await emulator.control.requests();
    assert.deepEqual(
      log.filter((r) => r.method !== "GET"),
      [],
    );
    req.setId("not-an-id");
    await assert.rejects(
      rpc<proto.ReadResponse>((cb) => client.read(req, cb)),
      /import id must be <applicationId>\/<deploymentId>/,
    );
  });

  it("invokes getDeployments and getApplication with GETs only, errors in one line", async () => {
    const [deployment] = (await emulator.control.state()).state.deployments;
    await emulator.control.clearRequests();
    const invoke = (tok: string, args: Record<string, unknown>) => {
      const req = new proto.InvokeRequest();
      req.setTok(tok);
      req.setArgs(toStruct(args));
      return rpc<proto.InvokeResponse>((cb) => client.invoke(req, cb)).then((res) =>
        fromStruct(res.getReturn()),
      );
    };
    const listed = await invoke("nodion:index:getDeployments", { applicationId: SEED_API_APP_ID });
    const deployments = listed.deployments as Record<string, unknown>[];
    assert.equal(deployments[0]?.deploymentId, deployment?.id);
    assert.equal(deployments[0]?.deployNumber, deployment?.deployNumber);
    assert.deepEqual(listed.latest, deployments[0]);
    const app = await invoke("nodion:index:getApplication", { applicationId: SEED_API_APP_ID });
    assert.equal(app.name, "api");
    assert.equal(app.regionSlug, "fra");
    await assert.rejects(
      invoke("nodion:index:getDeployments", { applicationId: "not-a-uuid" }),
      (err: Error) =>
        /^2 UNKNOWN: getDeployments: applicationId must be a UUID, got "not-a-uuid"$/.test(
          err.message,
        ),
    );
    await assert.rejects(
      invoke("nodion:index:nothing", {}),
      /unknown function "nodion:index:nothing"/,
    );
    const log = await emulator.control.requests();
    assert.deepEqual(
      log.map((r) => `${r.method} ${r.path}`),
      [
        `GET /v1/applications/${SEED_API_APP_ID}/deployments`,
        `GET /v1/applications/${SEED_API_APP_ID}`,
      ],
    );
  });

  it("checkConfig names a bad provider setting; diffConfig never replaces", async () => {
    const req = new proto.CheckRequest();
    req.setNews(toStruct({ apiKey: secret("k"), baseUrl: "http://nodion.example.com/v1" }));
    req.setOlds(toStruct({}));
    const res = await rpc<proto.CheckResponse>((cb) => client.checkConfig(req, cb));
    assert.deepEqual(
      failuresOf(res).map(([p]) => p),
      ["baseUrl"],
    );
    assert.deepEqual(fromStruct(res.getInputs()).apiKey, secret("k"), "the key stays secret");

    const d = new proto.DiffRequest();
    d.setOlds(toStruct({ apiKey: secret("a") }));
    d.setNews(toStruct({ apiKey: secret("b") }));
    const changed = await rpc<proto.DiffResponse>((cb) => client.diffConfig(d, cb));
    assert.equal(changed.getChanges(), Changes.DIFF_SOME);
    assert.deepEqual(changed.getReplacesList(), []);
    assert.ok(!JSON.stringify(changed.toObject()).includes('"b"'), "no key in the answer");
  });
});
