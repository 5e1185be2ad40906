// A stand-in for the deployed app on loopback (node:http): the routes the smoke test calls, answering as the app does
// (app/src/http: health, status, submit/query, patterns/{name}), with knobs for every way a release can go wrong.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeAppOptions {
  /** Health answers 503 this many times before it answers healthy. */
  unhealthyAnswers?: number;
  /** Health never answers healthy. */
  neverHealthy?: boolean;
  sourceVersion?: string;
  /** Every route but health wants `Authorization: Bearer <token>` (401 otherwise), as the sign-in in front of the app. */
  bearerToken?: string;
  /** Every route but health wants `x-functions-key: <key>` (401 otherwise), as the host with function keys. */
  functionKey?: string;
  /** What an unknown instance id answers (the app: 404). */
  unknownStatus?: number;
  /** What a start answers instead of 202. */
  startStatus?: number;
  /** Polls that answer Running before the instance finishes; Infinity: it never does. */
  runningPolls?: number;
  queryEnds?: "Completed" | "Failed" | "Terminated";
  queryResult?: unknown;
  /** The chaining output for its input text (the app: title case, then a receipt). */
  chainingOutput?: (text: string) => unknown;
  /** The origin the statusUri names (the app: its public origin). */
  statusOrigin?: string;
  /** Paths (after /api) that never answer. */
  hangingPaths?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  functionKey?: string;
  body: string;
}

const titleCase = (text: string) => text.replace(/(^|\s)(\p{L})/gu, (_m, space: string, letter: string) => space + letter.toUpperCase());

export async function startFakeApp(options: FakeAppOptions = {}) {
  const requests: RecordedRequest[] = [];
  const instances = new Map<string, { polls: number; kind: "query" | "chaining"; input: string }>();
  let healthAnswers = 0;
  let nextId = 1;
  const pending: ServerResponse[] = [];

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { "Content-Type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  };

  const handle = (request: IncomingMessage, body: string, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const path = url.pathname.replace(/^\/api/, "");
    requests.push({
      method: request.method ?? "GET",
      path: `${path}${url.search}`,
      authorization: request.headers.authorization,
      functionKey: request.headers["x-functions-key"] as string | undefined,
      body,
    });
    if (options.hangingPaths?.some((hanging) => path.startsWith(hanging))) {
      pending.push(response);
      return;
    }
    if (path === "/health") {
      healthAnswers += 1;
      if (options.neverHealthy || healthAnswers <= (options.unhealthyAnswers ?? 0)) return json(response, 503, { error: "starting" });
      return json(response, 200, {
        status: "healthy",
        buildNumber: "src-0123456789abcdef",
        sourceVersion: options.sourceVersion ?? "unknown",
      });
    }
    if (options.bearerToken !== undefined && request.headers.authorization !== `Bearer ${options.bearerToken}`) {
      return json(response, 401, { error: "sign in" });
    }
    if (options.functionKey !== undefined && request.headers["x-functions-key"] !== options.functionKey) {
      return json(response, 401, { error: "function key" });
    }
    const origin = options.statusOrigin ?? `http://${request.headers.host}`;
    const start = (kind: "query" | "chaining", input: string) => {
      if (options.startStatus !== undefined) return json(response, options.startStatus, { error: "broken" });
      const id = `instance${nextId++}`;
      instances.set(id, { polls: 0, kind, input });
      json(response, 202, { id, statusUri: `${origin}/api/status/${id}` }, { "Retry-After": "5" });
    };
    if (request.method === "GET" && path === "/submit/query") return start("query", url.search);
    if (request.method === "POST" && path === "/patterns/chaining") return start("chaining", String(JSON.parse(body).text));
    const status = /^\/status\/([^/]+)$/.exec(path);
    if (request.method === "GET" && status) {
      const instance = instances.get(status[1]!);
      if (!instance) return json(response, options.unknownStatus ?? 404, { error: "Job not found." });
      instance.polls += 1;
      if (instance.polls <= (options.runningPolls ?? 1)) {
        return json(response, 200, { id: status[1], status: "Running", result: null }, { "Retry-After": "5" });
      }
      if (instance.kind === "query") {
        const ends = options.queryEnds ?? "Completed";
        return json(response, 200, { id: status[1], status: ends, result: ends === "Completed" ? (options.queryResult ?? 0) : null });
      }
      const output = options.chainingOutput ? options.chainingOutput(instance.input) : `${titleCase(instance.input)} (receipt 1f2e)`;
      return json(response, 200, { id: status[1], status: "Completed", result: output });
    }
    json(response, 404, { error: "no such route" });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handle(request, Buffer.concat(chunks).toString("utf8"), response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of pending) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock whose sleeps return at once and move time forward: time limits are tested without waiting. */
export function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (milliseconds: number) => {
      now += milliseconds;
    },
  };
}
