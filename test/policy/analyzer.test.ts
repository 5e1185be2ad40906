// The pack as the engine meets it: policy/index.ts started as a process, its analyzer spoken to over gRPC with
// Pulumi's own protocol messages. Proves the pack loads and serves the same verdicts as evaluatePolicies.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzeResponse,
  AnalyzeStackRequest,
  AnalyzerResource,
  AnalyzerInfo,
  AnalyzerResourceOptions,
  EnforcementLevel,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policy/policies";
import type { ResourceRecord } from "../../policy/evaluate";
import { unwrapSecrets } from "../../policy/evaluate";
import { aksStack, changed } from "./fixtures/stacks";

let pack: ChildProcess;
let client: AnalyzerClient;

beforeAll(async () => {
  // The engine runs a pack from its own directory (PolicyPack reads the version from ./package.json).
  pack = spawn(process.execPath, ["../node_modules/tsx/dist/cli.mjs", "index.ts"], { cwd: "policy", stdio: ["ignore", "pipe", "inherit"] });
  const [firstOutput] = (await once(pack.stdout!, "data")) as [Buffer];
  client = new AnalyzerClient(`127.0.0.1:${firstOutput.toString().trim()}`, grpc.credentials.createInsecure());
}, 60_000);

afterAll(() => {
  client?.close();
  pack?.kill();
});

type Callback<Response> = (error: grpc.ServiceError | null, response: Response) => void;

function rpc<Response>(invoke: (callback: Callback<Response>) => unknown): Promise<Response> {
  return new Promise((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));
}

const analyze = (resource: ResourceRecord) =>
  rpc<AnalyzeResponse>((done) => client.analyze(withResource(new AnalyzeRequest(), resource), done));

function analyzeStack(resources: ResourceRecord[]) {
  const request = new AnalyzeStackRequest();
  request.setResourcesList(resources.map((resource) => withResource(new AnalyzerResource(), resource)));
  return rpc<AnalyzeResponse>((done) => client.analyzeStack(request, done));
}

function withResource<T extends AnalyzeRequest | AnalyzerResource>(message: T, resource: ResourceRecord): T {
  message.setType(resource.type);
  message.setName(resource.name);
  message.setUrn(resource.urn);
  message.setProperties(Struct.fromJavaScript(unwrapSecrets(resource.props) as Record<string, never>));
  message.setOptions(new AnalyzerResourceOptions());
  return message;
}

function verdicts(response: AnalyzeResponse) {
  return response.getDiagnosticsList().map((diagnostic) => ({
    policy: diagnostic.getPolicyname(),
    message: diagnostic.getMessage(),
    mandatory: diagnostic.getEnforcementlevel() === EnforcementLevel.MANDATORY,
  }));
}

describe("the policy pack's analyzer", () => {
  it("serves every policy of the pack at its enforcement level", async () => {
    const info = await rpc<AnalyzerInfo>((done) => client.getAnalyzerInfo(new Empty(), done));
    expect(info.getName()).toBe("durable-aks-guardrails");
    expect(
      info
        .getPoliciesList()
        .map((policy) => policy.getName())
        .sort(),
    ).toEqual(policies.map((policy) => policy.name).sort());
    const levels = Object.fromEntries(info.getPoliciesList().map((policy) => [policy.getName(), policy.getEnforcementlevel()]));
    for (const policy of policies) {
      expect(levels[policy.name], policy.name).toBe(
        policy.enforcementLevel === "advisory" ? EnforcementLevel.ADVISORY : EnforcementLevel.MANDATORY,
      );
    }
  });

  it("passes a compliant resource and fails a broken one with the policy's message", async () => {
    const stack = aksStack();
    const storage = stack.find((resource) => resource.type === "azure-native:storage:StorageAccount")!;
    expect(verdicts(await analyze(storage))).toEqual([]);

    const weakTls = changed([storage], storage.type, storage.name, (props) => (props.minimumTlsVersion = "TLS1_0"))[0]!;
    expect(verdicts(await analyze(weakTls))).toEqual([
      {
        policy: "storage-account-secure-transport",
        message: expect.stringContaining('set minimumTlsVersion to "TLS1_2"'),
        mandatory: true,
      },
    ]);
  });

  it("finds the image's Dockerfile from the pack's own directory, as under the engine", async () => {
    const image = aksStack().find((resource) => resource.type === "docker-build:index:Image")!;
    expect(verdicts(await analyze(image))).toEqual([]);
  });

  it("runs the stack policies over a whole stack", async () => {
    expect(verdicts(await analyzeStack(aksStack()))).toEqual([]);

    const sharedHub = changed(aksStack(), "kubernetes:core/v1:ConfigMap", "app-settings", (props) => {
      props.data.TaskHubName = "DurableFunctionsHub";
    });
    expect(verdicts(await analyzeStack(sharedHub))).toEqual([
      {
        policy: "durable-task-hub-of-its-own",
        message: expect.stringContaining('uses the default task hub "DurableFunctionsHub"'),
        mandatory: true,
      },
    ]);
  });
});
