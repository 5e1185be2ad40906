import { InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import type { DurableClient } from "durable-functions";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the Durable extension's HTTP API on 127.0.0.1, just enough to drive the real DurableClient of
 * durable-functions: start an orchestration, read a status. Known instances are served, unknown ones get 404.
 */
export interface FakeExtension {
  readonly client: DurableClient;
  readonly startRequests: Array<{ name: string; body: string }>;
  readonly statuses: Map<string, Record<string, unknown>>;
  /** Query strings of purge-by-filter requests (DELETE .../instances/?...), answered with `purgedCount` deleted. */
  readonly purgeRequests: URLSearchParams[];
  purgedCount: number;
  close(): Promise<void>;
}

const leakyUri = "http://localhost:7071/runtime/webhooks/durabletask/instances/x?taskHub=Hub&connection=Storage&code=SYSTEMKEY==";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => resolve(body));
  });
}

export async function startFakeExtension(): Promise<FakeExtension> {
  const startRequests: Array<{ name: string; body: string }> = [];
  const statuses = new Map<string, Record<string, unknown>>();
  const purgeRequests: URLSearchParams[] = [];
  const state = { purgedCount: 0 };
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const body = await readBody(request);
    const start = /^\/durabletask\/orchestrators\/([^/]+)$/.exec(url.pathname);
    const instance = /^\/durabletask\/instances\/([^/]+)$/.exec(url.pathname);
    response.setHeader("Content-Type", "application/json");
    if (request.method === "POST" && start) {
      const id = `${startRequests.length + 1}`.padStart(32, "f");
      startRequests.push({ name: decodeURIComponent(start[1] ?? ""), body });
      response.writeHead(202).end(JSON.stringify({ id, statusQueryGetUri: leakyUri, sendEventPostUri: leakyUri }));
    } else if (request.method === "DELETE" && url.pathname === "/durabletask/instances/") {
      purgeRequests.push(url.searchParams);
      response.writeHead(200).end(JSON.stringify({ instancesDeleted: state.purgedCount }));
    } else if (request.method === "GET" && instance) {
      const status = statuses.get(decodeURIComponent(instance[1] ?? ""));
      if (status === undefined) response.writeHead(404).end();
      else response.writeHead(200).end(JSON.stringify(status));
    } else {
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  // The binding data the extension passes to a durableClient input, pointing at the fake.
  const input = df.input.durableClient();
  const context = new InvocationContext({
    functionName: "fake",
    invocationId: "fake",
    options: { extraInputs: [input] },
    logHandler: () => undefined,
  });
  context.extraInputs.set(input, {
    taskHubName: "TestHub",
    creationUrls: {},
    managementUrls: {},
    rpcBaseUrl: `http://127.0.0.1:${port}/durabletask/`,
  });
  const client = df.getClient(context);

  return {
    client,
    startRequests,
    statuses,
    purgeRequests,
    get purgedCount() {
      return state.purgedCount;
    },
    set purgedCount(count: number) {
      state.purgedCount = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A status record as the extension serializes it, including the fields the app must not pass on. */
export function extensionStatus(instanceId: string, runtimeStatus: string, output: unknown): Record<string, unknown> {
  return {
    name: "queryOrchestrator",
    instanceId,
    runtimeStatus,
    input: { start: "2021-10-10", end: "2021-12-10", statusQueryGetUri: leakyUri },
    customStatus: { purgeHistoryDeleteUri: leakyUri },
    output,
    createdTime: "2024-05-01T10:00:00Z",
    lastUpdatedTime: "2024-05-01T10:05:00Z",
    history: [{ terminatePostUri: leakyUri }],
  };
}
