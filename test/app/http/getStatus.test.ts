import { OrchestrationRuntimeStatus } from "durable-functions";
import { describe, expect, it } from "vitest";
import { getStatus, statusErrors } from "../../../app/src/http/getStatus";
import {
  FakeDurableClient,
  httpRequest,
  invocationContext,
  managementUrlMarkers,
  orchestrationStatus,
  responseText,
} from "../../support/fakeDurableClient";

const knownId = "433ebcfe85ec4012abe94dcda2aa6b00";

function statusOf(id: string, client: FakeDurableClient) {
  return getStatus(
    httpRequest({ url: `http://localhost/api/status/${encodeURIComponent(id)}`, params: { id } }),
    client,
    invocationContext(),
  );
}

function clientWith(runtimeStatus: OrchestrationRuntimeStatus, output: unknown): FakeDurableClient {
  const client = new FakeDurableClient();
  client.instances.set(knownId, orchestrationStatus(knownId, "queryOrchestrator", runtimeStatus, output));
  return client;
}

describe("GET /api/status/{id}", () => {
  it("completed: exactly {id, status, result} with the output (the original API's example)", async () => {
    const response = await statusOf(knownId, clientWith(OrchestrationRuntimeStatus.Completed, 119));
    expect(response.status).toBe(200);
    expect(response.jsonBody).toEqual({ id: knownId, status: "Completed", result: 119 });
    expect(response.headers).not.toHaveProperty("Retry-After");
  });

  it("running: result null and a Retry-After hint", async () => {
    const response = await statusOf(knownId, clientWith(OrchestrationRuntimeStatus.Running, null));
    expect(response.jsonBody).toEqual({ id: knownId, status: "Running", result: null });
    expect(response.headers).toMatchObject({ "Retry-After": "5" });
  });

  it("failed: the failure details stay out of the response", async () => {
    const response = await statusOf(
      knownId,
      clientWith(OrchestrationRuntimeStatus.Failed, "Error: connection string DefaultEndpointsProtocol=https;AccountKey=abc"),
    );
    expect(response.jsonBody).toEqual({ id: knownId, status: "Failed", result: null });
  });

  it.each(Object.values(OrchestrationRuntimeStatus))(
    "%s: no input, history, custom status or management URL leaks",
    async (runtimeStatus) => {
      const text = responseText(await statusOf(knownId, clientWith(runtimeStatus, 1)));
      for (const marker of managementUrlMarkers) expect(text).not.toContain(marker);
    },
  );

  it("unknown id: the SDK throws, the route answers 404", async () => {
    const response = await statusOf("0123456789abcdef0123456789abcdef", new FakeDurableClient());
    expect(response.status).toBe(404);
    expect(response.jsonBody).toEqual({ error: statusErrors.notFound });
  });

  it.each(["", "../admin", "a/b", "id with spaces", "%00", "x".repeat(101), "@counter@visits", "é"])(
    "malformed id %j: 400, the client is not asked",
    async (id) => {
      const client = new FakeDurableClient();
      client.getStatus = () => {
        throw new Error("must not be called");
      };
      const response = await statusOf(id, client);
      expect(response.status).toBe(400);
      expect(response.jsonBody).toEqual({ error: statusErrors.invalidId });
    },
  );

  it("any other client failure is not disguised as 404", async () => {
    const client = new FakeDurableClient();
    client.getStatus = async () => {
      throw new Error("DurableClient error: the extension replied with HTTP 500");
    };
    await expect(statusOf(knownId, client)).rejects.toThrow(/HTTP 500/);
  });
});
