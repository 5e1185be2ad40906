// A durable backend or table store that fails answers 503 with Retry-After, a JSON error and a logged cause, through the
// handlers src/index.ts registers, with the errors the real SDKs throw: durable-functions' DurableClient against a
// stand-in extension (a 500 as the extension sends it, or nothing listening) and @azure/data-tables' TableClient.
import { TableClient } from "@azure/data-tables";
import type { HttpResponseInit } from "@azure/functions";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiScope, approverRole } from "../../../app/src/auth/caller";
import { functionNames } from "../../../app/src/contract/functionNames";
import {
  answerUnavailableBackend,
  isBackendUnavailable,
  unavailableError,
  unavailableRetryAfterSeconds,
} from "../../../app/src/http/backendUnavailable";
import { statusErrors } from "../../../app/src/http/getStatus";
import { azuriteAccountKey, azuriteAccountName } from "../../support/azurite";
import { accessToken, audience, person, signingKey, tenantId } from "../../support/entraTokens";
import { httpRequest, invocationContext } from "../../support/fakeDurableClient";
import { durableClientContext, startFakeExtension, type FakeExtension } from "../../support/fakeDurableExtension";
import { installFunctionsHostCapture, takeRegistrations, type CapturedFunction } from "../../support/functionsHostCapture";

const id = "0123456789abcdef0123456789abcdef";

/** Each durable route, called as the host would call it: method, URL and route parameters. */
const routeCalls: Record<
  string,
  { method: string; url: string; params: Record<string, string>; body?: string; headers?: Record<string, string> }
> = {
  [functionNames.submitQuery]: { method: "GET", url: "http://localhost/api/submit/query?s=2024-01-01&e=2024-01-31", params: {} },
  [functionNames.getStatus]: { method: "GET", url: `http://localhost/api/status/${id}`, params: { id } },
  [functionNames.startPattern]: {
    method: "POST",
    url: "http://localhost/api/patterns/chaining",
    params: { name: "chaining" },
    body: '{"text":"hello"}',
  },
  [functionNames.submitApproval]: {
    method: "POST",
    url: `http://localhost/api/approvals/${id}/approve`,
    params: { id, decision: "approve" },
  },
  [functionNames.signalCounter]: {
    method: "POST",
    url: "http://localhost/api/counters/visits/add",
    params: { key: "visits", operation: "add" },
  },
  [functionNames.readCounter]: { method: "GET", url: "http://localhost/api/counters/visits", params: { key: "visits" } },
};

let extension: FakeExtension;
let routes: Map<string, CapturedFunction>;
/** An RPC endpoint nothing listens on. */
let deadEndpoint: string;
/** What the app fetched from Entra: the signing keys of the tenant its settings name, answered here with a local key. */
const entraFetches: string[] = [];

function listenOnFreePort(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  // The decision route needs an approver before it reads the instance: sign-in settings, and Entra's keys endpoint
  // answered with a local key (jose fetches with the global fetch; the durable client uses axios).
  const key = await signingKey();
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith("https://login.microsoftonline.com/")) return realFetch(input, init);
    entraFetches.push(url);
    return new Response(JSON.stringify({ keys: [key.publicJwk] }), { status: 200, headers: { "Content-Type": "application/json" } });
  });
  vi.stubEnv("AuthTenantId", tenantId);
  vi.stubEnv("AuthAudience", audience);
  const approver = await accessToken(key, { ...person, roles: [approverRole], scp: apiScope });
  routeCalls[functionNames.submitApproval]!.headers = { Authorization: `Bearer ${approver}` };
  installFunctionsHostCapture();
  vi.resetModules();
  takeRegistrations();
  await import("../../../app/src/index.js");
  routes = new Map(takeRegistrations().map((fn) => [fn.name, fn]));
  extension = await startFakeExtension();
  const closed = createServer();
  const port = await listenOnFreePort(closed);
  await new Promise((resolve) => closed.close(resolve));
  deadEndpoint = `http://127.0.0.1:${port}/durabletask/`;
});

afterAll(async () => {
  await extension.close();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

async function call(name: string, rpcBaseUrl: string): Promise<{ response: HttpResponseInit; logged: string[] }> {
  const { method, url, params, body, headers } = routeCalls[name]!;
  const logged: string[] = [];
  const handler = routes.get(name)!.handler!;
  const response = (await handler(
    httpRequest({ method, url, params, body, headers }),
    durableClientContext(rpcBaseUrl, logged),
  )) as HttpResponseInit;
  return { response, logged };
}

function expectUnavailable(response: HttpResponseInit): void {
  expect(response.status).toBe(503);
  expect(response.headers).toMatchObject({ "Retry-After": String(unavailableRetryAfterSeconds), "Content-Type": "application/json" });
  expect(response.jsonBody).toEqual({ error: unavailableError });
}

describe("the durable backend fails: every durable route answers 503 and logs why", () => {
  it.each(Object.keys(routeCalls))("%s: the extension answers 500 (its storage call threw)", async (name) => {
    extension.failWith = 500;
    try {
      const { response, logged } = await call(name, extension.rpcBaseUrl);
      expectUnavailable(response);
      expect(logged.join("\n")).toMatch(/^error: .*unexpected status code: 500.*No such host is known/m);
    } finally {
      extension.failWith = undefined;
    }
  });

  it.each(Object.keys(routeCalls))("%s: nothing answers at the extension's endpoint", async (name) => {
    const { response, logged } = await call(name, deadEndpoint);
    expectUnavailable(response);
    expect(logged.join("\n")).toMatch(/^error: .*ECONNREFUSED/m);
  });

  it("the decision route checked its approver's token against the signing keys of the tenant its settings name", () => {
    expect(new Set(entraFetches)).toEqual(new Set([`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`]));
  });

  it("a 503 from the extension is unavailable too", async () => {
    extension.failWith = 503;
    try {
      expectUnavailable((await call(functionNames.getStatus, extension.rpcBaseUrl)).response);
    } finally {
      extension.failWith = undefined;
    }
  });

  it("the 4xx mapping stays: an unknown instance is still 404", async () => {
    const { response, logged } = await call(functionNames.getStatus, extension.rpcBaseUrl);
    expect(response).toMatchObject({ status: 404, jsonBody: { error: statusErrors.notFound } });
    expect(logged.filter((line) => line.startsWith("error:"))).toEqual([]);
  });
});

describe("the table store fails: the errors @azure/data-tables throws", () => {
  let server: Server;
  let tableStatus = 503;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.setHeader("Content-Type", "application/json");
      response.writeHead(tableStatus).end(JSON.stringify({ "odata.error": { code: "ServerBusy", message: { value: "busy" } } }));
    });
    endpoint = `http://127.0.0.1:${await listenOnFreePort(server)}/${azuriteAccountName}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  // No retries: the SDK's own retry policy would only delay the same error here.
  const tableAt = (tableEndpoint: string) =>
    TableClient.fromConnectionString(
      `DefaultEndpointsProtocol=http;AccountName=${azuriteAccountName};AccountKey=${azuriteAccountKey};TableEndpoint=${tableEndpoint};`,
      "audit",
      { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } },
    );
  const thrownBy = (table: TableClient) =>
    table.getEntity("p", "r").then(
      () => undefined,
      (error: unknown) => error,
    );

  it("a 503 or 500 (a RestError with that status) is unavailable; a 404 or 403 is not", async () => {
    for (const [status, unavailable] of [
      [503, true],
      [500, true],
      [404, false],
      [403, false],
    ] as const) {
      tableStatus = status;
      const error = await thrownBy(tableAt(endpoint));
      expect(error).toMatchObject({ name: "RestError", statusCode: status });
      expect([status, isBackendUnavailable(error)]).toEqual([status, unavailable]);
    }
  });

  it("no answer at all (a RestError without a status code) is unavailable, and a route throwing it answers 503", async () => {
    const deadTable = tableAt(deadEndpoint.replace("/durabletask/", `/${azuriteAccountName}`));
    const error = await thrownBy(deadTable);
    expect(error).toMatchObject({ name: "RestError", code: "ECONNREFUSED" });
    expect((error as { statusCode?: number }).statusCode).toBeUndefined();
    const route = answerUnavailableBackend(async () => {
      await deadTable.getEntity("p", "r");
      return { status: 200 };
    });
    expectUnavailable(await route(httpRequest({ url: "http://localhost/api/x" }), undefined, invocationContext()));
  });
});

describe("anything else is not disguised", () => {
  it("a bug is thrown on, so the host records the failure", async () => {
    const route = answerUnavailableBackend(async () => {
      throw new TypeError("Cannot read properties of undefined");
    });
    await expect(route(httpRequest({ url: "http://localhost/api/x" }), undefined, invocationContext())).rejects.toThrow(TypeError);
  });

  it.each([
    new Error("The operation failed with an unexpected status code: 400. Details: {}"),
    new Error("DurableClient error: Durable Functions extension replied with HTTP 404 response."),
    new Error("connect ECONNREFUSED 127.0.0.1:1"),
    "a string",
  ])("%s is not a backend outage", (error) => {
    expect(isBackendUnavailable(error)).toBe(false);
  });
});
