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
  /** When set, every request is answered with this status and the body the extension sends for an exception. */
  failWith: number | undefined;
  /** The extension's RPC endpoint, for durableClientContext. */
  readonly rpcBaseUrl: string;
  close(): Promise<void>;
}

/**
 * What the extension's HTTP API answers when a storage call throws: 500 with an HttpError body
 * (azure-functions-durable-extension src/WebJobs.Extensions.DurableTask/HttpApiHandler.cs, CreateErrorResponse).
 */
export const extensionErrorBody = {
  Message: "Something went wrong while processing your request",
  ExceptionMessage: "No such host is known. (stdev.table.core.windows.net:443)",
  ExceptionType: "Azure.RequestFailedException",
};

const leakyUri = "http://localhost:7071/runtime/webhooks/durabletask/instances/x?taskHub=Hub&connection=Storage&code=SYSTEMKEY==";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => resolve(body));
  });
}

/**
 * An invocation context carrying the binding data the extension passes to a durableClient input, with its RPC endpoint
 * at `rpcBaseUrl`; `logged` collects what the function logs.
 */
export function durableClientContext(rpcBaseUrl: string, logged: string[] = []): InvocationContext {
  const input = df.input.durableClient();
  const context = new InvocationContext({
    functionName: "fake",
    invocationId: "fake",
    options: { extraInputs: [input] },
    logHandler: (level, ...args) => void logged.push(`${level}: ${args.join(" ")}`),
  });
  context.extraInputs.set(input, { taskHubName: "TestHub", creationUrls: {}, managementUrls: {}, rpcBaseUrl });
  return context;
}

export async function startFakeExtension(): Promise<FakeExtension> {
  const startRequests: Array<{ name: string; body: string }> = [];
  const statuses = new Map<string, Record<string, unknown>>();
  const purgeRequests: URLSearchParams[] = [];
  const state: { purgedCount: number; failWith: number | undefined } = { purgedCount: 0, failWith: undefined };
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const body = await readBody(request);
    if (state.failWith !== undefined) {
      response.setHeader("Content-Type", "application/json");
      response.writeHead(state.failWith).end(JSON.stringify(extensionErrorBody));
      return;
    }
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

  const rpcBaseUrl = `http://127.0.0.1:${port}/durabletask/`;
  const client = df.getClient(durableClientContext(rpcBaseUrl));

  return {
    client,
    rpcBaseUrl,
    startRequests,
    statuses,
    purgeRequests,
    get purgedCount() {
      return state.purgedCount;
    },
    set purgedCount(count: number) {
      state.purgedCount = count;
    },
    get failWith() {
      return state.failWith;
    },
    set failWith(status: number | undefined) {
      state.failWith = status;
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
