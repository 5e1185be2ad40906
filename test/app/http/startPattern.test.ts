// POST /api/patterns/approval needs a signed-in caller and records who it is from the validated token; the body cannot
// name a submitter. The other patterns need no token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authErrors, callerAuthenticator } from "../../../app/src/auth/callerAuthentication";
import { functionNames } from "../../../app/src/contract/functionNames";
import { startPattern } from "../../../app/src/http/startPattern";
import { signedInCallers } from "../../support/callers";
import { person } from "../../support/entraTokens";
import { FakeDurableClient, httpRequest, invocationContext } from "../../support/fakeDurableClient";

let signedIn: Awaited<ReturnType<typeof signedInCallers>>;

beforeAll(async () => {
  signedIn = await signedInCallers();
});

afterAll(() => signedIn.close());

function start(name: string, body: unknown, headers: Record<string, string>, client: FakeDurableClient, callers = signedIn.callers) {
  const request = httpRequest({
    url: `http://localhost/api/patterns/${name}`,
    method: "POST",
    params: { name },
    headers,
    body: JSON.stringify(body),
  });
  return startPattern(request, client, invocationContext(), callers);
}

describe("POST /api/patterns/approval", () => {
  it("records the submitter from the token, whatever the body says", async () => {
    const client = new FakeDurableClient();
    const body = { request: "deploy", submittedBy: { id: "someone-else", name: "Mallory" } };
    const response = await start("approval", body, { Authorization: `Bearer ${await signedIn.token()}` }, client);
    expect(response.status).toBe(202);
    expect(client.started).toEqual([
      {
        name: functionNames.approvalOrchestrator,
        input: { request: "deploy", timeoutMinutes: 60, submittedBy: { id: person.oid, name: person.name } },
        instanceId: expect.any(String),
      },
    ]);
  });

  it("a program's own token (no name) records its object id", async () => {
    const client = new FakeDurableClient();
    const token = await signedIn.token({ name: undefined, scp: undefined });
    expect((await start("approval", { request: "deploy" }, { Authorization: `Bearer ${token}` }, client)).status).toBe(202);
    expect(client.started[0]?.input).toMatchObject({ submittedBy: { id: person.oid } });
  });

  it.each([
    ["no token", {}, 401, authErrors.noToken],
    ["identity headers without a token", { "X-Forwarded-Email": "alex@example.com" }, 401, authErrors.noToken],
    ["a token that does not validate", { Authorization: "Bearer e30.e30.c2ln" }, 401, authErrors.invalidToken],
  ])("%s: %i, nothing started", async (_case, headers, status, error) => {
    const client = new FakeDurableClient();
    expect(await start("approval", { request: "deploy" }, headers, client)).toMatchObject({ status, jsonBody: { error } });
    expect(client.started).toHaveLength(0);
  });

  it("a deployment without the sign-in settings starts no approval: 503", async () => {
    const client = new FakeDurableClient();
    const headers = { Authorization: `Bearer ${await signedIn.token()}` };
    const response = await start("approval", { request: "deploy" }, headers, client, callerAuthenticator(undefined));
    expect(response).toMatchObject({ status: 503, jsonBody: { error: authErrors.notConfigured } });
    expect(client.started).toHaveLength(0);
  });
});

describe("the other patterns", () => {
  it("start without a token, and even without the sign-in settings", async () => {
    const client = new FakeDurableClient();
    expect((await start("chaining", { text: "hi" }, {}, client, callerAuthenticator(undefined))).status).toBe(202);
    expect(client.started[0]?.input).toEqual({ text: "hi" });
  });
});
