// The HTTP routes with the real DurableClient of durable-functions, talking to a stand-in extension endpoint:
// proves the SDK's behaviour the fakes elsewhere assume (it throws on unknown ids) and the end-to-end payloads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { getStatus, statusErrors } from "../../../app/src/http/getStatus";
import { submitQuery } from "../../../app/src/http/submitQuery";
import { httpRequest, invocationContext, managementUrlMarkers, responseText, unknownInstanceError } from "../../support/fakeDurableClient";
import { extensionStatus, startFakeExtension, type FakeExtension } from "../../support/fakeDurableExtension";

let extension: FakeExtension;
beforeAll(async () => {
  extension = await startFakeExtension();
});
afterAll(async () => {
  await extension.close();
});

const statusRequest = (id: string) => httpRequest({ url: `http://localhost:8080/api/status/${id}`, params: { id } });

describe("with the real durable-functions client", () => {
  it("the SDK throws for an unknown id, with the message the fake client reproduces", async () => {
    const id = "0".repeat(32);
    const thrown = await extension.client.getStatus(id).catch((error: unknown) => error as Error);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message.startsWith(unknownInstanceError(id).message)).toBe(true);
  });

  it("GET /api/status/{id} maps that to 404", async () => {
    const response = await getStatus(statusRequest("1".repeat(32)), extension.client, invocationContext());
    expect(response).toMatchObject({ status: 404, jsonBody: { error: statusErrors.notFound } });
  });

  it("GET /api/status/{id} passes on only id, status and result", async () => {
    const id = "2".repeat(32);
    extension.statuses.set(id, extensionStatus(id, "Completed", 119));
    const response = await getStatus(statusRequest(id), extension.client, invocationContext());
    expect(response).toMatchObject({ status: 200, jsonBody: { id, status: "Completed", result: 119 } });
    for (const marker of managementUrlMarkers) expect(responseText(response)).not.toContain(marker);
  });

  it("GET /api/submit/query starts the orchestration by name with the ISO range, and leaks none of the extension's URLs", async () => {
    const request = httpRequest({ url: "http://localhost:8080/api/submit/query?s=10/10/2021&e=10/12/2021" });
    const response = await submitQuery(request, extension.client, invocationContext());
    expect(response.status).toBe(202);
    expect(extension.startRequests.at(-1)).toEqual({
      name: functionNames.queryOrchestrator,
      body: JSON.stringify({ start: "2021-10-10", end: "2021-12-10" }),
    });
    expect(Object.keys(response.jsonBody as object).sort()).toEqual(["id", "statusUri"]);
    for (const marker of managementUrlMarkers) expect(responseText(response)).not.toContain(marker);
  });
});
